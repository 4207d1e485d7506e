package io.bluegreen.kafka.consumer;

import java.util.Collection;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The rebalance listener a {@link GuardedConsumer} subscribes with: it pauses newly
 * assigned partitions before the container's listener runs and before the consumer can
 * fetch them, and forgets the partitions it no longer has after the container's listener
 * ran.
 *
 * @author bluegreen
 */
final class GuardRebalanceListener implements ConsumerRebalanceListener {

	private final GuardedConsumer guard;

	private final @Nullable ConsumerRebalanceListener delegate;

	GuardRebalanceListener(GuardedConsumer guard, @Nullable ConsumerRebalanceListener delegate) {
		this.guard = guard;
		this.delegate = delegate;
	}

	@Override
	public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
		this.guard.assigned(partitions);
		if (this.delegate != null) {
			this.delegate.onPartitionsAssigned(partitions);
		}
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		if (this.delegate != null) {
			this.delegate.onPartitionsRevoked(partitions);
		}
		this.guard.removed(partitions, true);
	}

	@Override
	public void onPartitionsLost(Collection<TopicPartition> partitions) {
		if (this.delegate != null) {
			this.delegate.onPartitionsLost(partitions);
		}
		this.guard.removed(partitions, false);
	}

}
