package io.bluegreen.kafka.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.bluegreen.kafka.broker.BrokerMetadata;
import io.bluegreen.readiness.ReadinessCheck;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Holds once every consumer of every running managed listener has its partitions: it
 * joined its group, its group is stable, the coordinator gave it the assignment it holds
 * (empty if the group has more consumers than partitions) and none of them waits for its
 * admission by the fleet. A switch asked for earlier would wait for the group to settle.
 * The coordinator is asked only once every consumer holds this much by its own account.
 *
 * @author bluegreen
 */
public class ListenerAssignments implements ReadinessCheck {

	private final ListenerContainerRegistry registry;

	private final ListenerSelection selection;

	private final PausePositions pausePositions;

	private final BrokerMetadata brokerMetadata;

	/**
	 * Create the check.
	 * @param registry the registry of the application's listener containers
	 * @param selection which listeners are managed
	 * @param pausePositions the consumers of the containers
	 * @param brokerMetadata describes the consumer groups
	 */
	public ListenerAssignments(ListenerContainerRegistry registry, ListenerSelection selection,
			PausePositions pausePositions, BrokerMetadata brokerMetadata) {
		this.registry = registry;
		this.selection = selection;
		this.pausePositions = pausePositions;
		this.brokerMetadata = brokerMetadata;
	}

	@Override
	public List<String> missing() {
		List<String> missing = new ArrayList<>();
		for (MessageListenerContainer container : this.selection.managed(this.registry)) {
			if (container.isRunning()) {
				missing.addAll(missing(container));
			}
		}
		return missing;
	}

	private List<String> missing(MessageListenerContainer container) {
		List<KafkaMessageListenerContainer<?, ?>> consumers = KafkaManagedListeners.consumersOf(container);
		if (consumers.isEmpty()) {
			return List.of(container.getListenerId() + ": consumers not started yet");
		}
		boolean groupManaged = container.getGroupId() != null
				&& container.getContainerProperties().getTopicPartitions() == null;
		List<String> missing = new ArrayList<>();
		Map<String, Set<TopicPartition>> members = new LinkedHashMap<>();
		for (KafkaMessageListenerContainer<?, ?> consumer : consumers) {
			if (!consumer.isRunning()) {
				continue;
			}
			GuardedConsumer guarded = this.pausePositions.consumerOf(consumer);
			if (guarded == null) {
				missing.add(consumer.getListenerId() + ": consumer not polling yet");
				continue;
			}
			ConsumerView view = guarded.view();
			if (groupManaged && view.memberId().isEmpty()) {
				missing.add(consumer.getListenerId() + ": consumer not in group " + container.getGroupId() + " yet");
			}
			else if (guarded.admitting()) {
				missing.add(consumer.getListenerId() + ": newly assigned partitions not admitted yet");
			}
			else {
				members.put(view.memberId(), view.assignment());
			}
		}
		if (missing.isEmpty() && groupManaged) {
			missing.addAll(GroupSettlement.unsettled(this.brokerMetadata, String.valueOf(container.getListenerId()),
					Objects.requireNonNull(container.getGroupId()), members));
		}
		return missing;
	}

}
