/**
 * The protocol of the Shawarma sidecar, which tells a pod whether a Kubernetes Service
 * routes to it.
 */
@NullMarked
package io.bluegreen.integration.shawarma;

import org.jspecify.annotations.NullMarked;
