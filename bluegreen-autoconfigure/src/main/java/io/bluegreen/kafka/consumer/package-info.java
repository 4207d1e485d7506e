/**
 * Integration of the lifecycle with Spring Kafka listener containers: the guard on each
 * listener's consumer, pausing, resuming, admission of assigned partitions and proving a
 * drain.
 */
@NullMarked
package io.bluegreen.kafka.consumer;

import org.jspecify.annotations.NullMarked;
