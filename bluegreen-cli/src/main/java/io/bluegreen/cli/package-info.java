/**
 * The command line for pipelines: {@code status} and {@code switch --to <color>} through
 * any instance's {@code bluegreen} endpoint, on picocli and Jackson; a switch through the
 * control topic uses the fleet protocol's own coordinator.
 */
@NullMarked
package io.bluegreen.cli;

import org.jspecify.annotations.NullMarked;
