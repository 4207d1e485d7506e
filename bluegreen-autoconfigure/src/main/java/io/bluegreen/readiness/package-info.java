/**
 * Readiness to switch: whether this instance has everything a fast switch needs.
 */
@NullMarked
package io.bluegreen.readiness;

import org.jspecify.annotations.NullMarked;
