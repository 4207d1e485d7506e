/**
 * The command line for pipelines: {@code switch --to <color>} and {@code status}, through
 * any instance's {@code bluegreen} endpoint. It needs nothing but the JDK and this jar.
 */
@NullMarked
package io.bluegreen.cli;

import org.jspecify.annotations.NullMarked;
