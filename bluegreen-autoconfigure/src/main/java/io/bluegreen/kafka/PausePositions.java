package io.bluegreen.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.event.ConsumerPausedEvent;
import org.springframework.kafka.event.ConsumerResumedEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/**
 * Where each paused consumer stands: when a consumer pauses, records the position of
 * every partition it paused, read on the consumer's own thread. Every record before that
 * position has been handed to the listener and finished, so the drain is complete once
 * the group's committed offsets reach these positions.
 * <p>
 * Learns the consumers as {@link ConsumerFactory.Listener} of the application's consumer
 * factories; the positions are forgotten when the consumer resumes or stops.
 *
 * @author bluegreen
 */
public class PausePositions implements SmartApplicationListener, ConsumerFactory.Listener<Object, Object> {

	private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(PausePositions.class);

	private final Map<String, Consumer<?, ?>> consumers = new ConcurrentHashMap<>();

	private final Map<KafkaMessageListenerContainer<?, ?>, Map<TopicPartition, Long>> positions = new ConcurrentHashMap<>();

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
	 * Return the positions recorded when the consumer of the given container last paused.
	 * @param container a container with one consumer
	 * @return the positions by partition, or {@code null} if the consumer is not paused
	 */
	public @Nullable Map<TopicPartition, Long> get(KafkaMessageListenerContainer<?, ?> container) {
		return this.positions.get(container);
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ConsumerPausedEvent.class.isAssignableFrom(eventType)
				|| ConsumerResumedEvent.class.isAssignableFrom(eventType)
				|| ConsumerStoppedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (!(event.getSource() instanceof KafkaMessageListenerContainer<?, ?> container)) {
			return;
		}
		if (event instanceof ConsumerPausedEvent paused) {
			// Published on the consumer thread, right after it paused: the consumer may be used here.
			record(container, paused.getPartitions());
		}
		else {
			this.positions.remove(container);
		}
	}

	private void record(KafkaMessageListenerContainer<?, ?> container, Collection<TopicPartition> partitions) {
		Consumer<?, ?> consumer = consumerOf(container);
		if (consumer == null) {
			logger.warn("Consumer of " + container.getListenerId() + " is unknown, so its drain cannot be proven; "
					+ "bluegreen needs a ConsumerFactory that supports ConsumerFactory.Listener");
			return;
		}
		Map<TopicPartition, Long> recorded = new HashMap<>(this.positions.getOrDefault(container, Map.of()));
		for (TopicPartition partition : partitions) {
			recorded.put(partition, consumer.position(partition, POSITION_TIMEOUT));
		}
		this.positions.put(container, Map.copyOf(recorded));
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
