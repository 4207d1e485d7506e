package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The commits of a guarded consumer: what it committed last for the partitions it still
 * has, which commits it lets through while paused by bluegreen, and the commit of what a
 * listener acknowledging by hand finished. Confined to the consumer's thread.
 *
 * @author bluegreen
 */
final class CommitGuard {

	private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(CommitGuard.class);

	private final Consumer<Object, Object> consumer;

	private final GuardHost host;

	private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();

	CommitGuard(Consumer<Object, Object> consumer, GuardHost host) {
		this.consumer = consumer;
		this.host = host;
	}

	/**
	 * Return the offsets a commit call sends. While paused by bluegreen, a listener whose
	 * records are tracked commits neither below what this consumer committed before nor
	 * for a partition it no longer has: Spring Kafka commits each late, out-of-order
	 * acknowledgment of such a listener as it comes, which would move the group back to a
	 * record already processed.
	 * @param offsets the offsets the container commits
	 * @param pausedByBlueGreen whether the consumer is paused by bluegreen
	 * @return the offsets to send
	 */
	Map<TopicPartition, OffsetAndMetadata> sending(Map<TopicPartition, OffsetAndMetadata> offsets,
			boolean pausedByBlueGreen) {
		if (!pausedByBlueGreen || !this.host.tracksRecords()) {
			return offsets;
		}
		Set<TopicPartition> assignment = this.consumer.assignment();
		Map<TopicPartition, OffsetAndMetadata> forward = new HashMap<>(offsets);
		forward.entrySet().removeIf((entry) -> {
			OffsetAndMetadata before = this.committed.get(entry.getKey());
			return !assignment.contains(entry.getKey())
					|| (before != null && entry.getValue().offset() < before.offset());
		});
		return forward;
	}

	/**
	 * Record a successful commit.
	 * @param offsets the offsets sent, or {@code null} if the commit named none
	 */
	void succeeded(@Nullable Map<TopicPartition, OffsetAndMetadata> offsets) {
		if (offsets != null) {
			this.committed.putAll(offsets);
		}
		this.host.committed();
	}

	/**
	 * Wrap the callback of an asynchronous commit so that its success is recorded.
	 * @param callback the container's callback
	 * @param sent the offsets sent, or {@code null} if the commit named none
	 * @return the callback to hand to the consumer
	 */
	@Nullable OffsetCommitCallback recording(@Nullable OffsetCommitCallback callback,
			@Nullable Map<TopicPartition, OffsetAndMetadata> sent) {
		if (callback == null) {
			return null;
		}
		return (offsets, exception) -> {
			callback.onComplete(offsets, exception);
			if (exception == null) {
				// Called on the consumer thread, inside a poll or commit
				succeeded(sent);
			}
		};
	}

	/**
	 * Forget partitions the consumer no longer has.
	 * @param partitions the partitions
	 */
	void forget(Collection<TopicPartition> partitions) {
		this.committed.keySet().removeAll(partitions);
	}

	/**
	 * Once every record a listener acknowledging by hand was handed is finished, commit
	 * again what it acknowledged, for each partition whose last commit from this consumer
	 * is behind it: Spring Kafka may have committed a lower offset for an acknowledgment
	 * that came late. Never past the highest acknowledged record, nor past the position:
	 * records fetched and not handed yet, or handed back to the container, are not done.
	 * @param assignment the consumer's partitions
	 */
	void commitFinished(Set<TopicPartition> assignment) {
		if (!this.host.tracksRecords()) {
			return;
		}
		Map<TopicPartition, Long> acknowledged = this.host.acknowledgedOnceFinished(assignment);
		Map<TopicPartition, OffsetAndMetadata> behind = new HashMap<>();
		try {
			acknowledged.forEach((partition, upTo) -> {
				OffsetAndMetadata last = this.committed.get(partition);
				if (last != null && last.offset() < upTo) {
					long target = Math.min(upTo, this.consumer.position(partition, POSITION_TIMEOUT));
					if (last.offset() < target) {
						behind.put(partition, new OffsetAndMetadata(target, Optional.empty(), last.metadata()));
					}
				}
			});
			if (!behind.isEmpty()) {
				this.consumer.commitSync(behind, COMMIT_TIMEOUT);
				succeeded(behind);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not commit what was acknowledged of " + behind.keySet()
					+ "; retrying at the next poll: " + ex.getMessage());
		}
	}

}
