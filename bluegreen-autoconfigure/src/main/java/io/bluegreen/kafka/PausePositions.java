package io.bluegreen.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.event.ConsumerPartitionPausedEvent;
import org.springframework.kafka.event.ConsumerPartitionResumedEvent;
import org.springframework.kafka.event.ConsumerPausedEvent;
import org.springframework.kafka.event.ConsumerResumedEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/**
 * Where each paused consumer stands: when a consumer pauses a partition, records its
 * position, read on the consumer's own thread. The container pauses only between polls,
 * after the records of the previous poll were handed to the listener and finished, so
 * every record before that position is processed; the drain is complete once the group's
 * committed offsets reach these positions.
 * <p>
 * Learns the consumers as a {@link ConsumerFactory.Listener} of the application's
 * consumer factories; a position is forgotten when its partition resumes or the consumer
 * stops. A resumed partition with a {@link HandoverSeeks handover offset} ahead of its
 * position continues at that offset: the seek happens on the consumer's thread, before
 * its next poll. The group
 * member id of each paused consumer is recorded too, so a fleet can tell which members of
 * a group confirmed their pause.
 *
 * @author bluegreen
 */
public class PausePositions implements SmartApplicationListener, ConsumerFactory.Listener<Object, Object> {

	private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(PausePositions.class);

	private final Map<String, Consumer<?, ?>> consumers = new ConcurrentHashMap<>();

	private final Map<KafkaMessageListenerContainer<?, ?>, Map<TopicPartition, Long>> positions = new ConcurrentHashMap<>();

	private final Map<KafkaMessageListenerContainer<?, ?>, String> memberIds = new ConcurrentHashMap<>();

	private final HandoverSeeks handoverSeeks;

	/**
	 * Create a new instance.
	 * @param handoverSeeks offsets at which resumed partitions continue
	 */
	public PausePositions(HandoverSeeks handoverSeeks) {
		this.handoverSeeks = handoverSeeks;
	}

	@Override
	public void consumerAdded(String id, Consumer<Object, Object> consumer) {
		this.consumers.put(id, consumer);
	}

	@Override
	public void consumerRemoved(@Nullable String id, Consumer<Object, Object> consumer) {
		if (id != null) {
			this.consumers.remove(id, consumer);
		}
	}

	/**
	 * Return the positions of the paused partitions of the consumer of a container.
	 * @param container a container with one consumer
	 * @return the position by paused partition
	 */
	public Map<TopicPartition, Long> of(KafkaMessageListenerContainer<?, ?> container) {
		return this.positions.getOrDefault(container, Map.of());
	}

	/**
	 * Return the positions of every paused partition still assigned, by consumer group.
	 * Once a drain is proven, these are the group's committed offsets.
	 * @return the position by partition by group
	 */
	public Map<String, Map<TopicPartition, Long>> byGroup() {
		Map<String, Map<TopicPartition, Long>> byGroup = new HashMap<>();
		this.positions.forEach((container, positions) -> {
			String group = container.getGroupId();
			Collection<TopicPartition> assigned = container.getAssignedPartitions();
			if (group != null && assigned != null) {
				Map<TopicPartition, Long> offsets = byGroup.computeIfAbsent(group, (key) -> new HashMap<>());
				positions.forEach((partition, position) -> {
					if (assigned.contains(partition)) {
						offsets.put(partition, position);
					}
				});
			}
		});
		return byGroup;
	}

	/**
	 * Return the group member ids of the consumers that paused.
	 * @return the member ids
	 */
	public Set<String> memberIds() {
		return new TreeSet<>(this.memberIds.values());
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ConsumerPausedEvent.class.isAssignableFrom(eventType)
				|| ConsumerPartitionPausedEvent.class.isAssignableFrom(eventType)
				|| ConsumerResumedEvent.class.isAssignableFrom(eventType)
				|| ConsumerPartitionResumedEvent.class.isAssignableFrom(eventType)
				|| ConsumerStoppedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (!(event.getSource() instanceof KafkaMessageListenerContainer<?, ?> container)) {
			return;
		}
		// Pause events are published on the consumer thread right after it paused, so the
		// consumer may be used here.
		if (event instanceof ConsumerPausedEvent paused) {
			record(container, paused.getPartitions());
		}
		else if (event instanceof ConsumerPartitionPausedEvent paused) {
			record(container, List.of(paused.getPartition()));
		}
		else if (event instanceof ConsumerResumedEvent resumed) {
			resumed(container, resumed.getPartitions());
			// The whole consumer resumed: positions recorded for partitions it no longer
			// has, under an earlier assignment, must not count if it gets them back
			forgetUnpaused(container);
		}
		else if (event instanceof ConsumerPartitionResumedEvent resumed) {
			resumed(container, List.of(resumed.getPartition()));
		}
		else {
			this.positions.remove(container);
			this.memberIds.remove(container);
		}
	}

	private void record(KafkaMessageListenerContainer<?, ?> container, Collection<TopicPartition> partitions) {
		Consumer<?, ?> consumer = consumerOf(container);
		if (consumer == null) {
			logger.warn("Consumer of " + container.getListenerId() + " is unknown, so its drain cannot be proven; "
					+ "bluegreen needs a ConsumerFactory that supports ConsumerFactory.Listener");
			return;
		}
		this.memberIds.put(container, consumer.groupMetadata().memberId());
		Map<TopicPartition, Long> recorded = new HashMap<>();
		for (TopicPartition partition : partitions) {
			recorded.put(partition, consumer.position(partition, POSITION_TIMEOUT));
		}
		this.positions.merge(container, Map.copyOf(recorded), (existing, added) -> {
			Map<TopicPartition, Long> merged = new HashMap<>(existing);
			merged.putAll(added);
			return Map.copyOf(merged);
		});
	}

	private void resumed(KafkaMessageListenerContainer<?, ?> container, Collection<TopicPartition> partitions) {
		Consumer<?, ?> consumer = null;
		for (TopicPartition partition : partitions) {
			Long offset = this.handoverSeeks.take(container.getGroupId(), partition);
			if (offset != null) {
				consumer = (consumer != null) ? consumer : consumerOf(container);
				if (consumer == null) {
					logger.error("Consumer of " + container.getListenerId() + " is unknown; " + partition
							+ " cannot continue at the handover offset " + offset);
					continue;
				}
				// Forward only: an offset left over from an older handover never rewinds
				if (offset > consumer.position(partition, POSITION_TIMEOUT)) {
					consumer.seek(partition, offset);
				}
			}
		}
		forget(container, partitions);
	}

	private void forget(KafkaMessageListenerContainer<?, ?> container, Collection<TopicPartition> partitions) {
		this.positions.computeIfPresent(container, (key, existing) -> {
			Map<TopicPartition, Long> remaining = new HashMap<>(existing);
			partitions.forEach(remaining::remove);
			return remaining.isEmpty() ? null : Map.copyOf(remaining);
		});
	}

	private void forgetUnpaused(KafkaMessageListenerContainer<?, ?> container) {
		this.positions.computeIfPresent(container, (key, existing) -> {
			Map<TopicPartition, Long> remaining = new HashMap<>(existing);
			remaining.keySet().removeIf((partition) -> !container.isPartitionPaused(partition));
			return remaining.isEmpty() ? null : Map.copyOf(remaining);
		});
	}

	private @Nullable Consumer<?, ?> consumerOf(KafkaMessageListenerContainer<?, ?> container) {
		Map<String, Collection<TopicPartition>> byClientId = container.getAssignmentsByClientId();
		if (byClientId == null || byClientId.isEmpty()) {
			return null;
		}
		// Consumer factories name their consumers "<factory bean name>.<client id>"
		String suffix = "." + byClientId.keySet().iterator().next();
		return this.consumers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith(suffix))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

}
