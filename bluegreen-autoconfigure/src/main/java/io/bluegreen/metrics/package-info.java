/**
 * Micrometer metrics of the lifecycle.
 */
@NullMarked
package io.bluegreen.metrics;

import org.jspecify.annotations.NullMarked;
