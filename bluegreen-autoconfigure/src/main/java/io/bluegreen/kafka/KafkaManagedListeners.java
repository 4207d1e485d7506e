package io.bluegreen.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.ListenerStatus;
import io.bluegreen.lifecycle.ManagedListeners;

import org.springframework.context.ApplicationListener;
import org.springframework.kafka.event.ConsumerStartingEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

/**
 * The listener containers of a {@link ListenerContainerRegistry} that bluegreen manages.
 * <p>
 * A running container is paused partition by partition ({@code pausePartition}), for
 * every partition of its topics and on every one of its consumers: unlike
 * {@code pause()}, that never wakes up a consumer in the middle of a poll, whose wakeup
 * could otherwise hit the commit of a record being processed. Partitions that a rebalance
 * assigns later, to any consumer, are paused by the container before they are fetched. A
 * consumer that starts while a pause is requested is paused as a whole, on its own
 * thread, before its first poll, so late and restarted containers come up paused.
 * <p>
 * A listener is {@link LifecycleState#PAUSED} when every assigned partition of each of
 * its consumers is paused with a recorded {@link PausePositions position}, the group's
 * committed offsets have reached those positions, and the group is stable with each
 * consumer holding the assignment the coordinator gave it.
 *
 * @author bluegreen
 */
public class KafkaManagedListeners implements ManagedListeners, ApplicationListener<ConsumerStartingEvent> {

	private static final Log logger = LogFactory.getLog(KafkaManagedListeners.class);

	private final ListenerContainerRegistry registry;

	private final ListenerSelection selection;

	private final PausePositions pausePositions;

	private final BrokerMetadata brokerMetadata;

	private final Map<MessageListenerContainer, Set<TopicPartition>> pausedPartitions = new ConcurrentHashMap<>();

	private final Object monitor = new Object();

	private volatile boolean pauseRequested;

	/**
	 * Create a new instance.
	 * @param registry the registry of the application's listener containers
	 * @param selection which listeners to manage
	 * @param pausePositions the positions of paused consumers
	 * @param brokerMetadata reader of partitions and committed offsets
	 */
	public KafkaManagedListeners(ListenerContainerRegistry registry, ListenerSelection selection,
			PausePositions pausePositions, BrokerMetadata brokerMetadata) {
		this.registry = registry;
		this.selection = selection;
		this.pausePositions = pausePositions;
		this.brokerMetadata = brokerMetadata;
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
			for (MessageListenerContainer container : containers()) {
				if (!container.isRunning()) {
					container.pause();
					continue;
				}
				Set<TopicPartition> partitions = partitionsOf(container);
				partitionPauseTargets(container).forEach((target) -> partitions.forEach(target::pausePartition));
				this.pausedPartitions.merge(container, partitions, (existing, added) -> {
					Set<TopicPartition> merged = new HashSet<>(existing);
					merged.addAll(added);
					return merged;
				});
			}
		}
	}

	@Override
	public void requestResume() {
		synchronized (this.monitor) {
			this.pauseRequested = false;
			for (MessageListenerContainer container : containers()) {
				if (container.isPauseRequested()) {
					container.resume();
				}
				Set<TopicPartition> partitions = this.pausedPartitions.remove(container);
				if (partitions != null) {
					partitionPauseTargets(container).forEach((target) -> partitions.forEach(target::resumePartition));
				}
			}
		}
	}

	/**
	 * Pause a consumer that starts while a pause is requested. Runs on the consumer thread
	 * before its first poll, so no record can reach the listener and no poll is woken.
	 * @param event the event published by the starting consumer
	 */
	@Override
	public void onApplicationEvent(ConsumerStartingEvent event) {
		if (!(event.getSource() instanceof MessageListenerContainer consumer)) {
			return;
		}
		String id = event.getContainer(MessageListenerContainer.class).getListenerId();
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
		return containers().stream()
			.map(this::inspect)
			.sorted(Comparator.comparing(ListenerStatus::id))
			.toList();
	}

	/**
	 * Return the managed listener containers.
	 * @return the containers
	 */
	public List<MessageListenerContainer> containers() {
		return this.selection.managed(this.registry);
	}

	private Set<TopicPartition> partitionsOf(MessageListenerContainer container) {
		Set<TopicPartition> partitions = new HashSet<>();
		consumersOf(container).forEach((consumer) -> partitions.addAll(assignedTo(consumer)));
		ContainerProperties properties = container.getContainerProperties();
		TopicPartitionOffset[] explicit = properties.getTopicPartitions();
		if (explicit != null) {
			Arrays.stream(explicit).forEach((offset) -> partitions.add(offset.getTopicPartition()));
			return partitions;
		}
		String[] topics = properties.getTopics();
		try {
			partitions.addAll(this.brokerMetadata.partitions((topics != null) ? List.of(topics) : List.of(),
					properties.getTopicPattern()));
		}
		catch (IllegalStateException ex) {
			logger.warn("Pausing only the assigned partitions of " + container.getListenerId() + ": " + ex.getMessage());
		}
		return partitions;
	}

	private ListenerStatus inspect(MessageListenerContainer container) {
		boolean pauseRequested = this.pauseRequested;
		List<KafkaMessageListenerContainer<?, ?>> consumers = consumersOf(container);
		List<String> assigned = new ArrayList<>();
		List<String> paused = new ArrayList<>();
		List<String> pending = new ArrayList<>();
		Map<TopicPartition, Long> positions = new LinkedHashMap<>();
		for (KafkaMessageListenerContainer<?, ?> consumer : consumers) {
			Collection<TopicPartition> partitions = assignedTo(consumer);
			Map<TopicPartition, Long> recorded = this.pausePositions.of(consumer);
			List<String> notPaused = new ArrayList<>();
			for (TopicPartition partition : partitions) {
				assigned.add(partition.toString());
				// A position counts only while the consumer holds the partition paused: one
				// recorded under an earlier assignment says nothing about the current one
				Long position = (consumer.isContainerPaused() || consumer.isPartitionPaused(partition))
						? recorded.get(partition) : null;
				if (position != null) {
					paused.add(partition.toString());
					positions.put(partition, position);
				}
				else {
					notPaused.add(partition.toString());
				}
			}
			if (consumer.isRunning() && !notPaused.isEmpty()) {
				pending.add(consumer.getListenerId() + ": consumer not paused yet on " + sorted(notPaused)
						+ " (records in flight or next poll pending)");
			}
		}
		if (consumers.isEmpty() && container.isRunning() && !container.isContainerPaused()) {
			pending.add(container.getListenerId() + ": container not paused yet");
		}
		if (pauseRequested && pending.isEmpty() && !positions.isEmpty()) {
			pending.addAll(uncommitted(container.getGroupId(), positions));
		}
		if (pauseRequested && pending.isEmpty()) {
			pending.addAll(unsettled(container, consumers));
		}
		LifecycleState state = !pauseRequested ? LifecycleState.ACTIVE
				: (pending.isEmpty() ? LifecycleState.PAUSED : LifecycleState.DRAINING);
		boolean consumerPaused = pauseRequested && assigned.size() == paused.size()
				&& (!consumers.isEmpty() || !container.isRunning() || container.isContainerPaused());
		return new ListenerStatus(String.valueOf(container.getListenerId()), container.getGroupId(), state,
				container.isRunning(), pauseRequested, consumerPaused, sorted(assigned), sorted(paused),
				pauseRequested ? pending : List.of());
	}

	/**
	 * A consumer that is inside a rebalance may be about to get partitions and return
	 * records for them from the poll it is in, so a drain is proven only once the group is
	 * stable and every consumer has the assignment the coordinator gave it.
	 */
	private List<String> unsettled(MessageListenerContainer container,
			List<KafkaMessageListenerContainer<?, ?>> consumers) {
		String groupId = container.getGroupId();
		if (groupId == null || container.getContainerProperties().getTopicPartitions() != null) {
			// no group management: partitions are assigned by the application
			return List.of();
		}
		List<KafkaMessageListenerContainer<?, ?>> running = consumers.stream()
			.filter(KafkaMessageListenerContainer::isRunning)
			.toList();
		if (running.isEmpty()) {
			return List.of();
		}
		BrokerMetadata.ConsumerGroup group;
		try {
			group = this.brokerMetadata.describe(groupId);
		}
		catch (IllegalStateException ex) {
			return List.of(String.valueOf(ex.getMessage()));
		}
		if (!group.stable()) {
			return List.of("group " + groupId + " is rebalancing");
		}
		List<String> unsettled = new ArrayList<>();
		for (KafkaMessageListenerContainer<?, ?> consumer : running) {
			Map<String, Collection<TopicPartition>> byClientId = consumer.getAssignmentsByClientId();
			if (byClientId == null || byClientId.isEmpty()) {
				unsettled.add(consumer.getListenerId() + ": consumer not in group " + groupId + " yet");
				continue;
			}
			byClientId.forEach((clientId, assigned) -> {
				Set<TopicPartition> local = (assigned != null) ? Set.copyOf(assigned) : Set.of();
				boolean settled = group.members()
					.stream()
					.anyMatch((member) -> member.clientId().equals(clientId) && member.assignment().equals(local));
				if (!settled) {
					unsettled.add(clientId + ": assignment " + sorted(local.stream().map(String::valueOf).toList())
							+ " not yet the one group " + groupId + " gave it");
				}
			});
		}
		return unsettled;
	}

	private List<String> uncommitted(@Nullable String groupId, Map<TopicPartition, Long> positions) {
		if (groupId == null) {
			return List.of("no group id: offsets cannot be committed");
		}
		try {
			Map<TopicPartition, Long> committed = this.brokerMetadata.committedOffsets(groupId);
			List<TopicPartition> neverCommitted = positions.keySet()
				.stream()
				.filter((partition) -> !committed.containsKey(partition))
				.toList();
			// A partition the group never committed needs no commit if nothing was consumed
			Map<TopicPartition, Long> beginnings = neverCommitted.isEmpty() ? Map.of()
					: this.brokerMetadata.beginningOffsets(neverCommitted);
			List<String> uncommitted = new ArrayList<>();
			positions.forEach((partition, position) -> {
				Long offset = committed.get(partition);
				long required = (offset != null) ? offset : beginnings.getOrDefault(partition, 0L);
				if (required < position) {
					uncommitted.add(partition + ": committed " + ((offset != null) ? offset : "nothing")
							+ ", next to process " + position);
				}
			});
			return sorted(uncommitted);
		}
		catch (IllegalStateException ex) {
			return List.of(String.valueOf(ex.getMessage()));
		}
	}

	private static Collection<TopicPartition> assignedTo(KafkaMessageListenerContainer<?, ?> consumer) {
		Collection<TopicPartition> partitions = consumer.getAssignedPartitions();
		return (partitions != null) ? partitions : List.of();
	}

	/**
	 * Return the containers that must hold a partition pause: every consumer of a
	 * concurrent container. Its own {@code pausePartition} reaches only the consumer that
	 * has the partition at that moment, so a partition that is between consumers during a
	 * rebalance, or that a rebalance moves to another consumer, would not stay paused.
	 */
	private static List<? extends MessageListenerContainer> partitionPauseTargets(MessageListenerContainer container) {
		List<KafkaMessageListenerContainer<?, ?>> consumers = consumersOf(container);
		return consumers.isEmpty() ? List.of(container) : consumers;
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
