package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bluegreen.fleet.ColorOffsets;
import io.bluegreen.fleet.PartitionOffset;
import io.bluegreen.kafka.broker.BrokerMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The colors' committed offsets in Kafka: read with the admin client, written into groups
 * that have members with a transactional offset commit.
 *
 * @author bluegreen
 */
public class KafkaColorOffsets implements ColorOffsets {

	private static final Duration FIRST_RETRY = Duration.ofMillis(2);

	private static final Duration MAX_RETRY = Duration.ofMillis(100);

	private final BrokerMetadata brokerMetadata;

	private final GroupOffsetsWriter writer;

	/**
	 * Create a new instance.
	 * @param brokerMetadata reader of committed offsets
	 * @param writer writer of committed offsets
	 */
	public KafkaColorOffsets(BrokerMetadata brokerMetadata, GroupOffsetsWriter writer) {
		this.brokerMetadata = brokerMetadata;
		this.writer = writer;
	}

	@Override
	public Map<String, List<PartitionOffset>> copy(Map<String, String> sources) {
		Map<String, Map<TopicPartition, Long>> copies = new HashMap<>();
		Map<String, Map<TopicPartition, Long>> read = new HashMap<>();
		sources.forEach((target, source) -> copies.put(target,
				read.computeIfAbsent(source, this.brokerMetadata::committedOffsets)));
		this.writer.commit(copies);
		return KafkaOffsets.toLists(copies);
	}

	@Override
	public Map<String, List<PartitionOffset>> copyForward(Map<String, String> sources) {
		Map<String, Map<TopicPartition, Long>> copies = new HashMap<>();
		Map<String, Map<TopicPartition, Long>> read = new HashMap<>();
		sources.forEach((target, source) -> {
			// The last completed commits: an active transactional
			// listener almost always has a transaction open, and
			// waiting for it would hold up the fleet's executor
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
	 * them. Reads are spaced, doubling from a few milliseconds.
	 */
	@Override
	public void awaitReadable(Map<String, List<PartitionOffset>> copied, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Map.Entry<String, List<PartitionOffset>> entry : copied.entrySet()) {
			Map<TopicPartition, Long> expected = KafkaOffsets.toMap(entry.getValue());
			BackOffExecution pauses = retries().start();
			Map<TopicPartition, Long> landed = this.brokerMetadata.committedOffsets(entry.getKey());
			while (!landed.entrySet().containsAll(expected.entrySet())) {
				Duration pause = Duration.ofMillis(pauses.nextBackOff());
				if (System.nanoTime() + pause.toNanos() > deadline) {
					throw new IllegalStateException("Offsets " + expected + " did not become readable in group "
							+ entry.getKey() + " within " + timeout + " (committed: " + landed + ")");
				}
				sleep(pause);
				landed = this.brokerMetadata.committedOffsets(entry.getKey());
			}
		}
	}

	private static ExponentialBackOff retries() {
		ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RETRY.toMillis(), 2);
		backOff.setMaxInterval(MAX_RETRY.toMillis());
		return backOff;
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for offsets", ex);
		}
	}

}
