/**
 * Integration of the lifecycle with Spring Kafka listener containers: pausing, resuming and proving a drain.
 */
@NullMarked
package io.bluegreen.kafka;

import org.jspecify.annotations.NullMarked;
