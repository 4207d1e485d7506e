package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * What the consumer guard costs on a listener thread, apart from Kafka: a poll through
 * the guard against a poll of the same consumer without it, for one record and for a full
 * batch of 500 ({@code max.poll.records}), and the per-record path of a listener that
 * acknowledges by hand, whose records bluegreen tracks until acknowledged, against the
 * same listener untracked. A listener that does not acknowledge by hand has no per-record
 * path through bluegreen: the guard acts once per poll. Kafka's {@link MockConsumer}
 * stands in for the consumer, so that only the guard's work differs.
 * <p>
 * In this package, beside the guard, for its package-private classes. Run by
 * {@code --scenario=cost} with the GC profiler, which gives the bytes allocated per
 * operation.
 *
 * @author bluegreen
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GuardMicrobenchmark {

	private static final TopicPartition PARTITION = new TopicPartition("orders", 0);

	/**
	 * A poll of the consumer without the guard.
	 * @param polls the consumers
	 * @return the records
	 */
	@Benchmark
	public ConsumerRecords<Object, Object> pollWithout(Polls polls) {
		polls.plainOffset = polls.add(polls.plain, polls.plainOffset);
		return polls.plain.poll(Duration.ZERO);
	}

	/**
	 * A poll of the same consumer through the guard.
	 * @param polls the consumers
	 * @return the records
	 */
	@Benchmark
	public ConsumerRecords<Object, Object> pollWith(Polls polls) {
		polls.guardedOffset = polls.add(polls.delegate, polls.guardedOffset);
		return polls.guarded.poll(Duration.ZERO);
	}

	/**
	 * A record handed to a listener that acknowledges it, untracked.
	 * @param records the listeners
	 */
	@Benchmark
	public void manualAckRecordWithout(Records records) {
		records.listener.onMessage(records.record, records.acknowledgment);
	}

	/**
	 * The same record handed through bluegreen's tracking, which keeps it in flight until
	 * acknowledged.
	 * @param records the listeners
	 */
	@Benchmark
	public void manualAckRecordWith(Records records) {
		records.tracked.onMessage(records.record, records.acknowledgment);
	}

	/**
	 * A consumer with and without the guard, on one partition.
	 */
	@State(Scope.Thread)
	public static class Polls {

		/**
		 * Records each poll returns.
		 */
		@Param({ "1", "500" })
		public int recordsPerPoll;

		final MockConsumer<Object, Object> plain = consumer();

		final MockConsumer<Object, Object> delegate = consumer();

		final Consumer<Object, Object> guarded = new PausePositions(new HandoverSeeks(),
				new ListenerSelection(List.of(), List.of()))
			.apply(this.delegate);

		long plainOffset;

		long guardedOffset;

		/**
		 * Assign the partition to both.
		 */
		@Setup(Level.Trial)
		public void setUp() {
			this.plain.assign(List.of(PARTITION));
			this.guarded.assign(List.of(PARTITION));
		}

		private static MockConsumer<Object, Object> consumer() {
			MockConsumer<Object, Object> consumer = new MockConsumer<>("earliest");
			consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
			return consumer;
		}

		long add(MockConsumer<Object, Object> consumer, long offset) {
			for (int i = 0; i < this.recordsPerPoll; i++) {
				consumer.addRecord(
						new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset++, "key", "value"));
			}
			return offset;
		}

	}

	/**
	 * A listener that acknowledges by hand, with and without bluegreen's tracking.
	 */
	@State(Scope.Thread)
	public static class Records {

		final AcknowledgingMessageListener<Object, Object> listener = (record,
				acknowledgment) -> Objects.requireNonNull(acknowledgment).acknowledge();

		final TrackedRecordListener tracked = new TrackedRecordListener(this.listener, "orders",
				new InFlightRecords(ManualAcks.EACH, () -> {
				}));

		final Acknowledgment acknowledgment = () -> {
		};

		final ConsumerRecord<Object, Object> record = new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), 0,
				"key", "value");

	}

}
