/**
 * Kafka adapter of the fleet core: the control topic and its log, the color groups, their
 * offsets and the handover's offset writer.
 */
@NullMarked
package io.bluegreen.kafka.control;

import org.jspecify.annotations.NullMarked;
