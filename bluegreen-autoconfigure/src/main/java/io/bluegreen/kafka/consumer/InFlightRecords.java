package io.bluegreen.kafka.consumer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.adapter.AsyncRepliesAware;

/**
 * The records handed to listeners that acknowledge them by hand, until each is
 * acknowledged, negatively acknowledged or failed.
 * <p>
 * With {@link AckMode#MANUAL} or {@link AckMode#MANUAL_IMMEDIATE} and without
 * {@code asyncAcks}, Spring Kafka commits the highest acknowledged offset of a partition,
 * so a commit can pass records that the application's own threads still process. A drain
 * of such a listener is proven only once none of the records handed to it is in flight.
 * Listeners that acknowledge automatically, or with {@code asyncAcks}, commit only what
 * is finished, and are not tracked; nor are listeners configured to acknowledge
 * {@link ManualAcks#CUMULATIVE cumulatively}.
 *
 * @author bluegreen
 */
public class InFlightRecords {

	private static final int NAMED = 5;

	/**
	 * Most records tracked per listener. A listener that leaves more unacknowledged
	 * acknowledges cumulatively: its drain cannot complete until it is configured so.
	 */
	private static final int LIMIT = 100_000;

	private static final Log logger = LogFactory.getLog(InFlightRecords.class);

	// The deliveries of each record in flight, by listener
	private final Map<String, Map<Handed, Integer>> byListener = new ConcurrentHashMap<>();

	private final Map<String, Map<TopicPartition, Long>> acknowledged = new ConcurrentHashMap<>();

	private final Set<String> overLimit = ConcurrentHashMap.newKeySet();

	private final ManualAcks manualAcks;

	private final Runnable finished;

	/**
	 * Create a new instance.
	 * @param manualAcks how the listeners that acknowledge by hand acknowledge
	 * @param finished called whenever records are finished, on the thread that finished
	 * them
	 */
	public InFlightRecords(ManualAcks manualAcks, Runnable finished) {
		this.manualAcks = manualAcks;
		this.finished = finished;
	}

	/**
	 * Track the records of a container from its next start, if it acknowledges by hand
	 * and Spring Kafka would commit past unacknowledged records: its listener is wrapped.
	 * @param container the container, not running
	 */
	@SuppressWarnings("unchecked")
	void track(MessageListenerContainer container) {
		if (isTracked(container)) {
			return;
		}
		Object listener = container.getContainerProperties().getMessageListener();
		String listenerId = String.valueOf(container.getListenerId());
		if (listener instanceof BatchMessageListener<?, ?> batch) {
			container.setupMessageListener(
					new TrackedBatchListener((BatchMessageListener<Object, Object>) batch, listenerId, this));
		}
		else if (listener instanceof MessageListener<?, ?> record) {
			container.setupMessageListener(
					new TrackedRecordListener((MessageListener<Object, Object>) record, listenerId, this));
		}
	}

	/**
	 * Return whether a container's records are tracked or need not be: it acknowledges
	 * automatically, with {@code asyncAcks}, cumulatively, or its listener replies
	 * asynchronously, which Spring Kafka acknowledges like {@code asyncAcks}.
	 * @param container the container
	 * @return whether its listener is as it must be
	 */
	boolean isTracked(MessageListenerContainer container) {
		ContainerProperties properties = container.getContainerProperties();
		AckMode ackMode = properties.getAckMode();
		Object listener = properties.getMessageListener();
		boolean needed = this.manualAcks == ManualAcks.EACH
				&& (ackMode == AckMode.MANUAL || ackMode == AckMode.MANUAL_IMMEDIATE) && !properties.isAsyncAcks()
				&& !(listener instanceof AsyncRepliesAware replies && replies.isAsyncReplies());
		return !needed || isWrapped(container);
	}

	/**
	 * Return whether the records of a container are tracked.
	 * @param container the container
	 * @return whether its listener is wrapped
	 */
	boolean isWrapped(MessageListenerContainer container) {
		Object listener = container.getContainerProperties().getMessageListener();
		return listener instanceof TrackedRecordListener || listener instanceof TrackedBatchListener;
	}

	/**
	 * Return whether a record of the given partitions handed to a listener is not
	 * finished.
	 * @param listenerId the listener id
	 * @param partitions the partitions
	 * @return whether one is in flight
	 */
	boolean any(String listenerId, Collection<TopicPartition> partitions) {
		Map<Handed, Integer> handed = this.byListener.get(listenerId);
		return this.overLimit.contains(listenerId) || (handed != null && handed.keySet()
			.stream()
			.anyMatch((record) -> partitions.contains(new TopicPartition(record.topic(), record.partition()))));
	}

	/**
	 * Return the offset after the highest record of a partition that the listener
	 * acknowledged: what Spring Kafka commits for it, and never more than the listener
	 * finished.
	 * @param listenerId the listener id
	 * @param partition the partition
	 * @return the offset, or {@code null} if the listener acknowledged none
	 */
	@Nullable Long acknowledgedUpTo(String listenerId, TopicPartition partition) {
		Map<TopicPartition, Long> acknowledged = this.acknowledged.get(listenerId);
		return (acknowledged != null) ? acknowledged.get(partition) : null;
	}

	void handed(String listenerId, Collection<? extends ConsumerRecord<?, ?>> records) {
		Map<Handed, Integer> handed = this.byListener.computeIfAbsent(listenerId, (id) -> new ConcurrentHashMap<>());
		if (handed.size() + records.size() > LIMIT) {
			if (this.overLimit.add(listenerId)) {
				logger.error("Listener " + listenerId + " left more than " + LIMIT + " records unacknowledged; "
						+ "its drain cannot complete. If it acknowledges only some records, relying on an "
						+ "acknowledgment to commit the earlier ones, set bluegreen.listeners.manual-acks=cumulative");
			}
			return;
		}
		// A record handed again (retried, or redelivered after a rebalance) is in flight
		// until each delivery is finished
		records.forEach((record) -> handed.merge(Handed.of(record), 1, Integer::sum));
	}

	/**
	 * Record that the listener finished records, acknowledged or handed back to the
	 * container (acknowledged negatively, or failed on: the container retries or recovers
	 * them).
	 */
	void finished(String listenerId, Collection<? extends ConsumerRecord<?, ?>> records, boolean acknowledged) {
		Map<Handed, Integer> handed = this.byListener.get(listenerId);
		if (handed == null || records.isEmpty()) {
			return;
		}
		records.forEach(
				(record) -> handed.computeIfPresent(Handed.of(record), (key, count) -> (count > 1) ? count - 1 : null));
		if (acknowledged) {
			Map<TopicPartition, Long> upTo = this.acknowledged.computeIfAbsent(listenerId,
					(id) -> new ConcurrentHashMap<>());
			records.forEach((record) -> upTo.merge(new TopicPartition(record.topic(), record.partition()),
					record.offset() + 1, Math::max));
		}
		this.finished.run();
	}

	/**
	 * Forget the records of a listener whose container stopped: they can no longer be
	 * committed, and a restarted container hands them again.
	 * @param listenerId the listener id
	 */
	void forget(String listenerId) {
		this.byListener.remove(listenerId);
		this.acknowledged.remove(listenerId);
		this.overLimit.remove(listenerId);
	}

	/**
	 * Return the records handed to a listener and not finished yet, described for a
	 * status: their number and the first few.
	 * @param listenerId the listener id
	 * @return a description, or {@code null} if none is in flight
	 */
	@Nullable String unfinished(String listenerId) {
		Map<Handed, Integer> handed = this.byListener.get(listenerId);
		List<String> names = (handed != null) ? handed.keySet().stream().map(Handed::toString).sorted().toList()
				: List.of();
		if (this.overLimit.contains(listenerId)) {
			return listenerId + ": more than " + LIMIT + " records handed to the listener never acknowledged "
					+ "(bluegreen.listeners.manual-acks=cumulative if it acknowledges cumulatively)";
		}
		if (names.isEmpty()) {
			return null;
		}
		return listenerId + ": " + names.size() + " records handed to the listener not acknowledged yet "
				+ names.subList(0, Math.min(NAMED, names.size())) + ((names.size() > NAMED) ? "..." : "");
	}

	private record Handed(String topic, int partition, long offset) {

		static Handed of(ConsumerRecord<?, ?> record) {
			return new Handed(record.topic(), record.partition(), record.offset());
		}

		@Override
		public String toString() {
			return this.topic + "-" + this.partition + "@" + this.offset;
		}

	}

}
