/**
 * What the broker says about topics, consumer groups and its configuration, read through
 * Kafka's admin client by both the listener guard and the fleet's Kafka adapter.
 */
@NullMarked
package io.bluegreen.kafka.broker;

import org.jspecify.annotations.NullMarked;
