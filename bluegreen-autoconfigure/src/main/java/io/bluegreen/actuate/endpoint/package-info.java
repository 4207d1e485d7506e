/**
 * Actuator endpoint that exposes the lifecycle.
 */
@NullMarked
package io.bluegreen.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
