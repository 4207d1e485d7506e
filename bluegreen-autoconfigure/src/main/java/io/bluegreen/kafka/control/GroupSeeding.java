package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.bluegreen.kafka.broker.BrokerMetadata;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Seeds a consumer group that has never committed an offset from the groups a listener
 * consumed in before: each partition starts at the most advanced offset any of them
 * committed, so that a listener whose group is new (fleet mode turned on, a release that
 * renames the group, a new color) continues where the application was instead of where
 * {@code auto.offset.reset} points.
 * <p>
 * A group is seeded at most once: only while it has no committed offset at all, so a
 * restart, or a group that consumed since, is left alone. The seeding itself is not
 * atomic with other writers of the group's offsets, such as the warm-up of the paused
 * colors' groups: one that commits between the seeder's read and its commit is
 * overwritten on the seeded partitions. Seeders of one group exclude each other through a
 * transactional id of their own for that group: a seeder that initializes it fences any
 * other seeder of the group whose transaction is not committed yet, and reads the group
 * only after every earlier seeding committed or was aborted. Of two instances starting at
 * once, one seeds and the other finds the group seeded; a crash mid-seeding leaves a
 * transaction that the next seeder aborts. The seeded offsets carry metadata naming their
 * sources.
 *
 * @author bluegreen
 */
public class GroupSeeding {

	/**
	 * Metadata of seeded offsets, followed by the groups they were seeded from.
	 */
	public static final String METADATA_PREFIX = "bluegreen seeded from ";

	private static final int ATTEMPTS = 20;

	private static final Duration MAX_BACK_OFF = Duration.ofMillis(300);

	private static final Duration RETRY = Duration.ofMillis(500);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(GroupSeeding.class);

	private final BrokerMetadata brokerMetadata;

	private final Function<String, Producer<byte[], byte[]>> producers;

	private final Duration patience;

	/**
	 * Create a new instance.
	 * @param brokerMetadata reader of committed offsets
	 * @param producers creates a producer with the given transactional id, the same for
	 * every seeder of a group
	 * @param patience how long to retry a seeding that failed, for example because the
	 * broker did not answer in time
	 */
	public GroupSeeding(BrokerMetadata brokerMetadata, Function<String, Producer<byte[], byte[]>> producers,
			Duration patience) {
		this.brokerMetadata = brokerMetadata;
		this.producers = producers;
		this.patience = patience;
	}

	/**
	 * Seed a group that has no committed offset from the most advanced offsets of the
	 * given groups; leave a group that has one as it is.
	 * @param group the group to seed
	 * @param sources the groups to seed it from, in order of preference for the metadata
	 * @return the offsets seeded, empty if the group had offsets or no source has any
	 * @throws IllegalStateException if the offsets could not be read or written within
	 * the patience of this seeding
	 */
	public Map<TopicPartition, Long> seed(String group, List<String> sources) {
		long deadline = System.nanoTime() + this.patience.toNanos();
		while (true) {
			try {
				return seedOnce(group, sources);
			}
			catch (IllegalStateException ex) {
				// A broker that is slow to answer at startup must not leave the group to
				// auto.offset.reset, nor fail the start at once
				if (Thread.currentThread().isInterrupted() || System.nanoTime() + RETRY.toNanos() > deadline) {
					throw new IllegalStateException("Could not seed group " + group + " from " + sources + " within "
							+ this.patience + "; its listener would start at auto.offset.reset: " + ex.getMessage(),
							ex);
				}
				logger.warn("Could not seed group " + group + " yet; retrying: " + ex.getMessage());
				sleep(RETRY, group);
			}
		}
	}

	private Map<TopicPartition, Long> seedOnce(String group, List<String> sources) {
		// Without a lock first: nearly always the group has offsets, or there is nothing.
		// The reads do not wait for stable offsets, which a busy transactional listener's
		// group seldom has: any completed commit means the group has offsets
		if (!this.brokerMetadata.lastCompletedOffsets(group).isEmpty() || mostAdvanced(sources).isEmpty()) {
			return Map.of();
		}
		for (int attempt = 1;; attempt++) {
			try {
				return seedExclusively(group, sources);
			}
			catch (FencedException ex) {
				// Another seeder of the group took over: back off at random, then read
				// what it did
				if (attempt == ATTEMPTS) {
					throw new IllegalStateException(
							"Seeding group " + group + " was fenced by other seeders " + ATTEMPTS + " times", ex);
				}
				sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(MAX_BACK_OFF.toMillis()) + 1), group);
			}
		}
	}

	private static void sleep(Duration pause, String group) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while seeding group " + group, ex);
		}
	}

	private Map<TopicPartition, Long> seedExclusively(String group, List<String> sources) {
		Producer<byte[], byte[]> producer = this.producers.apply(transactionalId(group));
		try {
			// Aborts or waits for any earlier seeding of the group, and fences it
			producer.initTransactions();
			Map<TopicPartition, Seed> seeds = mostAdvanced(sources);
			if (seeds.isEmpty() || hasOffsets(group, seeds.keySet())) {
				return Map.of();
			}
			Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
			seeds.forEach((partition, seed) -> commits.put(partition,
					new OffsetAndMetadata(seed.offset(), METADATA_PREFIX + seed.source())));
			producer.beginTransaction();
			producer.sendOffsetsToTransaction(commits, new ConsumerGroupMetadata(group));
			producer.commitTransaction();
			Map<TopicPartition, Long> seeded = new HashMap<>();
			seeds.forEach((partition, seed) -> seeded.put(partition, seed.offset()));
			logger.info("Seeded consumer group " + group + ", which had no committed offset, from " + sources + ": "
					+ new TreeMap<>(toStrings(seeded)));
			return seeded;
		}
		catch (ProducerFencedException | InvalidProducerEpochException ex) {
			throw new FencedException(ex);
		}
		catch (KafkaException ex) {
			throw new IllegalStateException("Could not seed group " + group + " from " + sources + ": " + ex, ex);
		}
		finally {
			close(producer);
		}
	}

	/**
	 * Return whether the group has committed offsets: any completed commit, or a pending
	 * one on the partitions to seed, which only the stable read waits for.
	 */
	private boolean hasOffsets(String group, Set<TopicPartition> partitions) {
		return !this.brokerMetadata.lastCompletedOffsets(group).isEmpty()
				|| !this.brokerMetadata.committedOffsets(group, partitions).isEmpty();
	}

	/**
	 * Return the most advanced offset of each partition over the sources' completed
	 * commits: an open transaction of a source's listener may still abort.
	 */
	private Map<TopicPartition, Seed> mostAdvanced(List<String> sources) {
		Map<TopicPartition, Seed> seeds = new HashMap<>();
		for (String source : sources) {
			this.brokerMetadata.lastCompletedOffsets(source).forEach((partition, offset) -> {
				Seed seed = seeds.get(partition);
				if (seed == null || seed.offset() < offset) {
					seeds.put(partition, new Seed(offset, source));
				}
			});
		}
		return seeds;
	}

	/**
	 * Return the transactional id that every seeder of a group uses.
	 * @param group the group
	 * @return the transactional id
	 */
	static String transactionalId(String group) {
		return "bluegreen-offsets-seed-" + group;
	}

	private static Map<String, Long> toStrings(Map<TopicPartition, Long> offsets) {
		Map<String, Long> strings = new HashMap<>();
		offsets.forEach((partition, offset) -> strings.put(partition.toString(), offset));
		return strings;
	}

	private static void close(Producer<byte[], byte[]> producer) {
		try {
			producer.close(CLOSE_TIMEOUT);
		}
		catch (KafkaException ex) {
			logger.debug("Could not close the seeding producer", ex);
		}
	}

	private record Seed(long offset, String source) {

	}

	private static final class FencedException extends RuntimeException {

		FencedException(Throwable cause) {
			super(cause);
		}

	}

}
