package io.bluegreen.console.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.bluegreen.kafka.broker.BrokerMetadata;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the lag of consumer groups in records and in time. One reading of groups costs
 * the cluster: one offset fetch per group; two list-offsets requests (the end offsets and
 * the newest timestamps, KIP-734) per partition leader; and, for each group behind on
 * some partition, one fetch per partition leader of the records at its committed offsets,
 * whose timestamps are compared with the newest ones. Thread-safe; readings are
 * serialized.
 *
 * @author bluegreen
 */
public class LagReader implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);

	private final Map<String, Object> connection;

	private @Nullable Admin admin;

	/**
	 * Reads the committed offsets as the instances read them, with this reader's admin
	 * client, which {@link #close()} closes.
	 */
	private final BrokerMetadata metadata = new BrokerMetadata(this::admin);

	private @Nullable KafkaConsumer<byte[], byte[]> consumer;

	/**
	 * Create a reader.
	 * @param connection the Kafka client configuration to connect with
	 */
	public LagReader(Map<String, Object> connection) {
		this.connection = Map.copyOf(connection);
	}

	/**
	 * Read the lag of groups.
	 * @param groups the consumer groups
	 * @return the lag of each group, in the order given
	 */
	public synchronized List<GroupLag> read(Collection<String> groups) {
		List<GroupLag> lags = new ArrayList<>();
		Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
		for (String group : groups) {
			try {
				committed.put(group, committed(group));
			}
			catch (IllegalStateException ex) {
				lags.add(new GroupLag(group, List.of(), ex.getMessage()));
			}
		}
		Map<TopicPartition, Long> all = new HashMap<>();
		committed.values()
			.forEach((offsets) -> offsets.forEach((partition, offset) -> all.merge(partition, offset, Math::min)));
		Map<TopicPartition, Long> ends;
		Map<TopicPartition, Long> newest;
		try {
			ends = offsets(all.keySet(), OffsetSpec.latest(), false);
			newest = offsets(all.keySet(), OffsetSpec.maxTimestamp(), true);
		}
		catch (IllegalStateException ex) {
			committed.keySet().forEach((group) -> lags.add(new GroupLag(group, List.of(), ex.getMessage())));
			return sorted(lags, groups);
		}
		committed.forEach((group, offsets) -> {
			Map<TopicPartition, Long> behind = new HashMap<>();
			offsets.forEach((partition, offset) -> {
				if (offset < ends.getOrDefault(partition, offset)) {
					behind.put(partition, offset);
				}
			});
			Map<TopicPartition, Long> timestamps = timestamps(behind);
			List<GroupLag.PartitionLag> partitions = new ArrayList<>();
			offsets.forEach((partition, offset) -> {
				long end = ends.getOrDefault(partition, offset);
				Duration time = Duration.ZERO;
				if (offset < end) {
					Long at = timestamps.get(partition);
					Long last = newest.get(partition);
					time = (at != null && last != null) ? Duration.ofMillis(Math.max(0, last - at)) : null;
				}
				partitions.add(new GroupLag.PartitionLag(partition.topic(), partition.partition(), offset, end, time));
			});
			partitions.sort(Comparator.comparing(GroupLag.PartitionLag::topic)
				.thenComparingInt(GroupLag.PartitionLag::partition));
			lags.add(new GroupLag(group, partitions, null));
		});
		return sorted(lags, groups);
	}

	private static List<GroupLag> sorted(List<GroupLag> lags, Collection<String> groups) {
		List<String> order = new ArrayList<>(groups);
		lags.sort(Comparator.comparingInt((lag) -> order.indexOf(lag.group())));
		return lags;
	}

	private Map<TopicPartition, Long> committed(String group) {
		// The last completed commits: a transaction still open is not waited for
		return this.metadata.lastCompletedOffsets(group);
	}

	private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec,
			boolean timestamps) {
		if (partitions.isEmpty()) {
			return Map.of();
		}
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach((partition) -> request.put(partition, spec));
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = get(admin().listOffsets(request).all(),
				"the end offsets");
		Map<TopicPartition, Long> offsets = new HashMap<>();
		result.forEach((partition, info) -> offsets.put(partition, timestamps ? info.timestamp() : info.offset()));
		return offsets;
	}

	/**
	 * Return the timestamps of the records at the given offsets, by partition: one fetch
	 * per partition leader. A record removed by compaction or a transaction marker is
	 * stood for by the next record.
	 */
	private Map<TopicPartition, Long> timestamps(Map<TopicPartition, Long> wanted) {
		Map<TopicPartition, Long> timestamps = new HashMap<>();
		if (wanted.isEmpty()) {
			return timestamps;
		}
		try {
			KafkaConsumer<byte[], byte[]> consumer = consumer();
			consumer.assign(wanted.keySet());
			wanted.forEach(consumer::seek);
			long deadline = System.nanoTime() + FETCH_TIMEOUT.toNanos();
			while (timestamps.size() < wanted.size() && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					timestamps.putIfAbsent(partition, record.timestamp());
					consumer.pause(List.of(partition));
				}
			}
			consumer.resume(consumer.assignment());
		}
		catch (KafkaException ex) {
			// The lag in time is left out; the lag in records is still shown
		}
		return timestamps;
	}

	private KafkaConsumer<byte[], byte[]> consumer() {
		KafkaConsumer<byte[], byte[]> consumer = this.consumer;
		if (consumer == null) {
			Map<String, Object> config = new HashMap<>(this.connection);
			config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bluegreen-console-lag");
			config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
			config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
			config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
			// Only the first record of each partition is needed
			config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024);
			config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
			config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
			consumer = new KafkaConsumer<>(config);
			this.consumer = consumer;
		}
		return consumer;
	}

	private Admin admin() {
		Admin admin = this.admin;
		if (admin == null) {
			admin = Admin.create(this.connection);
			this.admin = admin;
		}
		return admin;
	}

	private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading " + what, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not read " + what + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public synchronized void close() {
		if (this.consumer != null) {
			this.consumer.close(Duration.ofSeconds(1));
		}
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(1));
		}
	}

}
