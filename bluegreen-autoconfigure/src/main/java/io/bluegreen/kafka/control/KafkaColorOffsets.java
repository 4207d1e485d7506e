package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.bluegreen.fleet.ColorOffsets;
import io.bluegreen.fleet.PartitionOffset;
import io.bluegreen.kafka.broker.BrokerMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The colors' committed offsets in Kafka: read with the admin client, written into groups
 * that have members with a transactional offset commit, on the {@link BrokerCalls}' I/O
 * executor.
 *
 * @author bluegreen
 */
public class KafkaColorOffsets implements ColorOffsets {

	private static final Duration FIRST_RETRY = Duration.ofMillis(2);

	private static final Duration MAX_RETRY = Duration.ofMillis(100);

	private final BrokerMetadata brokerMetadata;

	private final GroupOffsetsWriter writer;

	private final BrokerCalls calls;

	/**
	 * Create a new instance.
	 * @param brokerMetadata reader of committed offsets
	 * @param writer writer of committed offsets
	 * @param calls runs the reads and writes, which wait for the broker
	 */
	public KafkaColorOffsets(BrokerMetadata brokerMetadata, GroupOffsetsWriter writer, BrokerCalls calls) {
		this.brokerMetadata = brokerMetadata;
		this.writer = writer;
		this.calls = calls;
	}

	@Override
	public CompletableFuture<Map<String, List<PartitionOffset>>> copy(Map<String, String> sources) {
		return this.calls.supply(() -> copyNow(sources));
	}

	private Map<String, List<PartitionOffset>> copyNow(Map<String, String> sources) {
		Map<String, Map<TopicPartition, Long>> copies = new HashMap<>();
		Map<String, Map<TopicPartition, Long>> read = new HashMap<>();
		sources.forEach((target, source) -> copies.put(target,
				read.computeIfAbsent(source, this.brokerMetadata::committedOffsets)));
		this.writer.commit(copies);
		return KafkaOffsets.toLists(copies);
	}

	@Override
	public CompletableFuture<Map<String, List<PartitionOffset>>> copyForward(Map<String, String> sources) {
		return this.calls.supply(() -> copyForwardNow(sources));
	}

	private Map<String, List<PartitionOffset>> copyForwardNow(Map<String, String> sources) {
		Map<String, Map<TopicPartition, Long>> copies = new HashMap<>();
		Map<String, Map<TopicPartition, Long>> read = new HashMap<>();
		sources.forEach((target, source) -> {
			// The last completed commits: an active transactional
			// listener almost always has a transaction open, and
			// waiting for it would hold the warming up
			Map<TopicPartition, Long> ahead = new HashMap<>(
					read.computeIfAbsent(source, this.brokerMetadata::lastCompletedOffsets));
			Map<TopicPartition, Long> committed = this.brokerMetadata.committedOffsets(target);
			ahead.entrySet().removeIf((offset) -> committed.getOrDefault(offset.getKey(), -1L) >= offset.getValue());
			if (!ahead.isEmpty()) {
				copies.put(target, ahead);
			}
		});
		if (!copies.isEmpty()) {
			this.writer.commit(copies);
		}
		return KafkaOffsets.toLists(copies);
	}

	/**
	 * Wait until the offsets are readable: the markers of the transaction are written
	 * after it commits, and a consumer that gets a partition by a rebalance must read
	 * them. Reads are spaced, doubling from a few milliseconds, and no thread waits
	 * between them.
	 */
	@Override
	public CompletableFuture<Void> awaitReadable(Map<String, List<PartitionOffset>> copied, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		CompletableFuture<Void> readable = CompletableFuture.completedFuture(null);
		for (Map.Entry<String, List<PartitionOffset>> entry : copied.entrySet()) {
			Map<TopicPartition, Long> expected = KafkaOffsets.toMap(entry.getValue());
			BackOffExecution pauses = retries().start();
			readable = readable.thenCompose(
					(ready) -> awaitReadable(entry.getKey(), expected, Duration.ZERO, pauses, deadline, timeout));
		}
		return readable;
	}

	private CompletableFuture<Void> awaitReadable(String group, Map<TopicPartition, Long> expected, Duration delay,
			BackOffExecution pauses, long deadline, Duration timeout) {
		return this.calls.supplyAfter(delay, () -> this.brokerMetadata.committedOffsets(group))
			.thenCompose((landed) -> {
				if (landed.entrySet().containsAll(expected.entrySet())) {
					return CompletableFuture.completedFuture(null);
				}
				Duration pause = Duration.ofMillis(pauses.nextBackOff());
				if (System.nanoTime() + pause.toNanos() > deadline) {
					return CompletableFuture.failedFuture(
							new IllegalStateException("Offsets " + expected + " did not become readable in group "
									+ group + " within " + timeout + " (committed: " + landed + ")"));
				}
				return awaitReadable(group, expected, pause, pauses, deadline, timeout);
			});
	}

	private static ExponentialBackOff retries() {
		ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RETRY.toMillis(), 2);
		backOff.setMaxInterval(MAX_RETRY.toMillis());
		return backOff;
	}

}
