/**
 * Following a pod label that Argo Rollouts writes ({@code activeMetadata},
 * {@code previewMetadata}), read through a Downward API file.
 */
@NullMarked
package io.bluegreen.integration.argo;

import org.jspecify.annotations.NullMarked;
