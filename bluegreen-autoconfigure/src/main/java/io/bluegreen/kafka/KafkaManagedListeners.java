package io.bluegreen.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.ListenerStatus;
import io.bluegreen.lifecycle.ManagedListeners;

import org.springframework.context.ApplicationListener;
import org.springframework.kafka.event.ConsumerStartingEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The listener containers of a {@link ListenerContainerRegistry} that bluegreen manages.
 * Pausing and resuming only set the containers' flags, which their consumer threads act
 * on; a consumer that starts while a pause is requested is paused on its own thread
 * before its first poll, so late and restarted containers come up paused.
 * <p>
 * A listener is {@link LifecycleState#PAUSED} when, for each of its consumers, the
 * consumer is stopped or has no partition, or it has paused and the group's committed
 * offsets have reached the positions recorded by {@link PausePositions}.
 *
 * @author bluegreen
 */
public class KafkaManagedListeners implements ManagedListeners, ApplicationListener<ConsumerStartingEvent> {

	private final ListenerContainerRegistry registry;

	private final ListenerSelection selection;

	private final PausePositions pausePositions;

	private final CommittedOffsets committedOffsets;

	private final Object monitor = new Object();

	private volatile boolean pauseRequested;

	/**
	 * Create a new instance.
	 * @param registry the registry of the application's listener containers
	 * @param selection which listeners to manage
	 * @param pausePositions the positions of paused consumers
	 * @param committedOffsets reader of committed offsets
	 */
	public KafkaManagedListeners(ListenerContainerRegistry registry, ListenerSelection selection,
			PausePositions pausePositions, CommittedOffsets committedOffsets) {
		this.registry = registry;
		this.selection = selection;
		this.pausePositions = pausePositions;
		this.committedOffsets = committedOffsets;
	}

	@Override
	public void validate() {
		List<String> ids = this.registry.getAllListenerContainers()
			.stream()
			.map(MessageListenerContainer::getListenerId)
			.filter((id) -> id != null)
			.toList();
		this.selection.validate(ids);
	}

	@Override
	public void requestPause() {
		synchronized (this.monitor) {
			this.pauseRequested = true;
			managedContainers().forEach(MessageListenerContainer::pause);
		}
	}

	@Override
	public void requestResume() {
		synchronized (this.monitor) {
			this.pauseRequested = false;
			managedContainers().forEach(MessageListenerContainer::resume);
		}
	}

	/**
	 * Pause a consumer that starts while a pause is requested. Runs on the consumer thread
	 * before its first poll, so no record can reach the listener.
	 * @param event the event published by the starting consumer
	 */
	@Override
	public void onApplicationEvent(ConsumerStartingEvent event) {
		if (!(event.getSource() instanceof MessageListenerContainer consumer)) {
			return;
		}
		MessageListenerContainer container = event.getContainer(MessageListenerContainer.class);
		String id = container.getListenerId();
		if (id == null || !this.selection.manages(id)) {
			return;
		}
		synchronized (this.monitor) {
			if (this.pauseRequested) {
				consumer.pause();
			}
		}
	}

	@Override
	public List<ListenerStatus> inspect() {
		return managedContainers().stream()
			.map(this::inspect)
			.sorted(Comparator.comparing(ListenerStatus::id))
			.toList();
	}

	private List<MessageListenerContainer> managedContainers() {
		return this.registry.getAllListenerContainers()
			.stream()
			.filter((container) -> container.getListenerId() != null && this.selection.manages(container.getListenerId()))
			.toList();
	}

	private ListenerStatus inspect(MessageListenerContainer container) {
		List<KafkaMessageListenerContainer<?, ?>> consumers = consumersOf(container);
		boolean pauseRequested = container.isPauseRequested()
				|| (!consumers.isEmpty() && consumers.stream().allMatch(MessageListenerContainer::isPauseRequested));
		List<String> assigned = new ArrayList<>();
		List<String> paused = new ArrayList<>();
		List<String> pending = new ArrayList<>();
		Map<TopicPartition, Long> positions = new LinkedHashMap<>();
		boolean allConsumersPaused = true;
		for (KafkaMessageListenerContainer<?, ?> consumer : consumers) {
			Collection<TopicPartition> partitions = assignedTo(consumer);
			partitions.forEach((partition) -> assigned.add(partition.toString()));
			boolean consumerPaused = consumer.isContainerPaused();
			partitions.stream()
				.filter((partition) -> consumerPaused || consumer.isPartitionPaused(partition))
				.forEach((partition) -> paused.add(partition.toString()));
			if (!consumer.isRunning() || partitions.isEmpty()) {
				continue;
			}
			if (!consumer.isPauseRequested()) {
				allConsumersPaused = false;
				pending.add(consumer.getListenerId() + ": pause not requested");
			}
			else if (!consumerPaused) {
				allConsumersPaused = false;
				pending.add(consumer.getListenerId() + ": consumer not paused yet (records in flight)");
			}
			else {
				Map<TopicPartition, Long> recorded = this.pausePositions.get(consumer);
				if (recorded == null || !recorded.keySet().containsAll(partitions)) {
					allConsumersPaused = false;
					pending.add(consumer.getListenerId() + ": position at pause not recorded yet");
				}
				else {
					partitions.forEach((partition) -> positions.put(partition, recorded.get(partition)));
				}
			}
		}
		if (consumers.isEmpty() && container.isRunning()) {
			allConsumersPaused = container.isContainerPaused();
			if (!allConsumersPaused) {
				pending.add(container.getListenerId() + ": container not paused yet");
			}
		}
		if (pauseRequested && !positions.isEmpty()) {
			pending.addAll(uncommitted(container.getGroupId(), positions));
		}
		LifecycleState state = !pauseRequested ? LifecycleState.ACTIVE
				: (pending.isEmpty() ? LifecycleState.PAUSED : LifecycleState.DRAINING);
		return new ListenerStatus(String.valueOf(container.getListenerId()), container.getGroupId(), state,
				container.isRunning(), pauseRequested, pauseRequested && allConsumersPaused, sorted(assigned),
				sorted(paused), pauseRequested ? pending : List.of());
	}

	private List<String> uncommitted(@Nullable String groupId, Map<TopicPartition, Long> positions) {
		if (groupId == null) {
			return List.of("no group id: offsets cannot be committed");
		}
		Map<TopicPartition, Long> committed;
		try {
			committed = this.committedOffsets.of(groupId);
		}
		catch (IllegalStateException ex) {
			return List.of(ex.getMessage());
		}
		List<String> uncommitted = new ArrayList<>();
		positions.forEach((partition, position) -> {
			long offset = committed.getOrDefault(partition, -1L);
			if (offset < position) {
				uncommitted.add(partition + ": committed " + ((offset < 0) ? "nothing" : offset)
						+ ", next to process " + position);
			}
		});
		return sorted(uncommitted);
	}

	private static Collection<TopicPartition> assignedTo(KafkaMessageListenerContainer<?, ?> consumer) {
		Collection<TopicPartition> partitions = consumer.getAssignedPartitions();
		return (partitions != null) ? partitions : List.of();
	}

	private static List<KafkaMessageListenerContainer<?, ?>> consumersOf(MessageListenerContainer container) {
		if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
			return new ArrayList<>(concurrent.getContainers());
		}
		if (container instanceof KafkaMessageListenerContainer<?, ?> single) {
			return List.of(single);
		}
		return List.of();
	}

	private static List<String> sorted(List<String> values) {
		return values.stream().sorted().toList();
	}

}
