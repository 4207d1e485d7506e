package io.bluegreen.kafka.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.adapter.AsyncRepliesAware;

/**
 * The {@link GuardHost} of one guarded consumer: answers its questions for the container
 * it is bound to, and passes what it signals on to {@link PausePositions}.
 *
 * @author bluegreen
 */
final class ConsumerBinding implements GuardHost {

	private static final Log logger = LogFactory.getLog(ConsumerBinding.class);

	private final PausePositions owner;

	private final ListenerConsumers consumers;

	private final GuardedConsumer consumer;

	// Written once on the consumer thread, at its first poll
	private volatile @Nullable KafkaMessageListenerContainer<?, ?> container;

	// The group the consumer is in, as it told at its first poll
	private volatile @Nullable String groupId;

	ConsumerBinding(PausePositions owner, ListenerConsumers consumers, Consumer<Object, Object> delegate) {
		this.owner = owner;
		this.consumers = consumers;
		this.consumer = new GuardedConsumer(delegate, this);
	}

	GuardedConsumer consumer() {
		return this.consumer;
	}

	@Override
	public boolean bind(@Nullable String groupId) {
		KafkaMessageListenerContainer<?, ?> container = this.consumers.bind(this.consumer);
		this.groupId = groupId;
		this.container = container;
		return container != null && this.owner.mustRestart(container, groupId);
	}

	@Override
	public long epoch() {
		return this.owner.gate().epoch();
	}

	@Override
	public boolean mustPause() {
		KafkaMessageListenerContainer<?, ?> container = this.container;
		return container != null && this.owner.mustPause(container);
	}

	@Override
	public boolean stopping() {
		KafkaMessageListenerContainer<?, ?> container = this.container;
		return container != null && !container.isRunning();
	}

	@Override
	public boolean tracksRecords() {
		KafkaMessageListenerContainer<?, ?> container = this.container;
		MessageListenerContainer parent = (container != null) ? this.consumers.parentOf(container) : null;
		return parent != null && this.owner.inFlight().isWrapped(parent);
	}

	@Override
	public boolean mayStopBetweenRecords() {
		ContainerProperties properties = recordListenerProperties();
		return properties != null && (properties.getKafkaAwareTransactionManager() != null
				|| (this.groupId != null && this.owner.transactionalCommits().transactionCapable()));
	}

	@Override
	public boolean stopsBetweenRecords() {
		ContainerProperties properties = recordListenerProperties();
		String groupId = this.groupId;
		return properties != null && (properties.getKafkaAwareTransactionManager() != null
				|| (groupId != null && this.owner.transactionalCommits().carryOffsetsOf(groupId)));
	}

	/**
	 * Return the properties of the consumer's container if its listener is handed records
	 * one by one and may be stopped between them. A batch listener is handed the whole
	 * poll at once; one that acknowledges or replies asynchronously is expected to
	 * acknowledge every record of the poll.
	 */
	private @Nullable ContainerProperties recordListenerProperties() {
		KafkaMessageListenerContainer<?, ?> container = this.container;
		if (container == null) {
			return null;
		}
		ContainerProperties properties = container.getContainerProperties();
		Object listener = properties.getMessageListener();
		if (!(listener instanceof MessageListener) || properties.isAsyncAcks()
				|| (listener instanceof AsyncRepliesAware replies && replies.isAsyncReplies())) {
			return null;
		}
		return properties;
	}

	@Override
	public Map<TopicPartition, Long> acknowledgedOnceFinished(Collection<TopicPartition> partitions) {
		KafkaMessageListenerContainer<?, ?> container = this.container;
		if (container == null) {
			return Map.of();
		}
		String listenerId = this.consumers.listenerIdOf(container);
		InFlightRecords inFlight = this.owner.inFlight();
		if (inFlight.any(listenerId, partitions)) {
			return Map.of();
		}
		Map<TopicPartition, Long> acknowledged = new HashMap<>();
		for (TopicPartition partition : partitions) {
			Long upTo = inFlight.acknowledgedUpTo(listenerId, partition);
			if (upTo != null) {
				acknowledged.put(partition, upTo);
			}
		}
		return acknowledged;
	}

	@Override
	public @Nullable CompletableFuture<?> requestAdmission() {
		return this.owner.requestAdmission();
	}

	@Override
	public @Nullable Long handoverOffset(@Nullable String groupId, TopicPartition partition) {
		return this.owner.handoverOffset(groupId, partition);
	}

	@Override
	public void committed() {
		this.owner.progressed();
	}

	@Override
	public void published(ConsumerView previous, ConsumerView view) {
		this.owner.progressed();
		if (!view.memberId().equals(previous.memberId())) {
			this.owner.membershipChanged();
		}
	}

	@Override
	public void fetchedWhilePaused(int records, Collection<TopicPartition> partitions) {
		this.consumers.fetchedWhilePaused(this.consumer, records);
		KafkaMessageListenerContainer<?, ?> container = this.container;
		logger.error("Consumer " + this.consumer.view().memberId() + " of "
				+ ((container != null) ? this.consumers.listenerIdOf(container) : "?") + " fetched " + records
				+ " records of " + partitions + " while its instance is paused; they were not processed");
	}

	@Override
	public void closed() {
		if (this.consumers.closed(this.consumer)) {
			this.owner.membershipChanged();
		}
	}

}
