/**
 * The switch benchmark: the ways people switch Kafka consumers between two colors,
 * measured side by side on one broker under one load.
 */
@NullMarked
package io.bluegreen.benchmark;

import org.jspecify.annotations.NullMarked;
