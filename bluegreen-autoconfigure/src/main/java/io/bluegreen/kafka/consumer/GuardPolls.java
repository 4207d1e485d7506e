package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * How a guarded consumer polls: briefly while bluegreen holds it paused, in short slices
 * while it is active, so that either reacts to a pause or resume at its next poll without
 * a wakeup, which could hit a commit instead of the poll.
 *
 * @author bluegreen
 */
final class GuardPolls {

	/**
	 * Longest poll of a consumer paused by bluegreen, so that a resume takes effect
	 * without waking the consumer.
	 */
	static final Duration PAUSED_POLL_TIMEOUT = Duration.ofMillis(50);

	/**
	 * Longest slice of an active consumer's poll, after which it checks whether its
	 * instance must pause.
	 */
	static final Duration ACTIVE_POLL_SLICE = Duration.ofMillis(20);

	/**
	 * A metric that only the consumer of the consumer group protocol (KIP-848) registers.
	 */
	private static final String CONSUMER_PROTOCOL_METRIC = "application-event-queue-size";

	private GuardPolls() {
	}

	/**
	 * Poll a consumer whose every partition is paused, for at most
	 * {@link #PAUSED_POLL_TIMEOUT}. The consumer of the consumer group protocol (Kafka
	 * 4.x) does not wait in such a poll once it holds records it fetched before the
	 * pause: it puts them back into its fetch buffer on every pass, which wakes it up
	 * again, so it spins for the whole timeout (KAFKA-21084). A paused color would keep a
	 * core busy until its next resume. That consumer is polled without waiting, and its
	 * thread sleeps instead; it still polls as often, so rebalance callbacks run on time.
	 * @param consumer the consumer
	 * @param timeout the listener's poll timeout
	 * @param spins whether the consumer spins in a paused poll
	 * @return the records, none unless a fault
	 */
	static ConsumerRecords<Object, Object> paused(Consumer<Object, Object> consumer, Duration timeout, boolean spins) {
		Duration wait = (timeout.compareTo(PAUSED_POLL_TIMEOUT) > 0) ? PAUSED_POLL_TIMEOUT : timeout;
		if (!spins) {
			return consumer.poll(wait);
		}
		ConsumerRecords<Object, Object> records = consumer.poll(Duration.ZERO);
		if (records.isEmpty()) {
			sleep(wait);
		}
		return records;
	}

	/**
	 * Poll an active consumer in slices, and return as soon as a slice returns records or
	 * the poll must end, so that an idle consumer reaches a pause at once instead of at
	 * the end of the listener's poll timeout. A fetch in flight carries on from one slice
	 * to the next: slicing sends no extra request to the broker, and unlike a wakeup it
	 * can never interrupt a commit.
	 * @param consumer the consumer
	 * @param timeout the listener's poll timeout
	 * @param end whether to end the poll early, asked after each slice
	 * @return the records
	 */
	static ConsumerRecords<Object, Object> sliced(Consumer<Object, Object> consumer, Duration timeout,
			BooleanSupplier end) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long remaining = deadline - System.nanoTime();
			Duration slice = Duration.ofNanos(Math.max(0, Math.min(remaining, ACTIVE_POLL_SLICE.toNanos())));
			ConsumerRecords<Object, Object> records = consumer.poll(slice);
			if (!records.isEmpty() || remaining <= slice.toNanos() || end.getAsBoolean()) {
				return records;
			}
		}
	}

	/**
	 * Whether a consumer is the consumer of the consumer group protocol, known by a
	 * metric only it registers, whatever configured the protocol.
	 * @param consumer the consumer
	 * @return whether it uses the consumer group protocol
	 */
	static boolean usesConsumerProtocol(Consumer<?, ?> consumer) {
		try {
			return consumer.metrics()
				.keySet()
				.stream()
				.anyMatch((name) -> CONSUMER_PROTOCOL_METRIC.equals(name.name()));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Sleep instead of polling, never longer than {@link #PAUSED_POLL_TIMEOUT}.
	 * @param timeout the listener's poll timeout
	 */
	static void sleep(Duration timeout) {
		try {
			Thread.sleep(Math.min(timeout.toMillis(), PAUSED_POLL_TIMEOUT.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
