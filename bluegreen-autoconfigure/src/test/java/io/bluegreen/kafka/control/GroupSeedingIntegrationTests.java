package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import io.bluegreen.kafka.broker.BrokerMetadata;
import io.bluegreen.test.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeding of a group that never committed an offset, against a real broker: from the most
 * advanced source, once, never over a group that has offsets, by one of several seeders
 * starting at once, and after a seeder that crashed mid-transaction.
 */
class GroupSeedingIntegrationTests {

	private final BrokerMetadata brokerMetadata = new BrokerMetadata(EmbeddedBroker::admin);

	private final List<Producer<byte[], byte[]>> abandoned = new ArrayList<>();

	private final String topic = EmbeddedBroker.createTopic("seeding", 3);

	private final TopicPartition p0 = new TopicPartition(this.topic, 0);

	private final TopicPartition p1 = new TopicPartition(this.topic, 1);

	private final TopicPartition p2 = new TopicPartition(this.topic, 2);

	@AfterEach
	void close() {
		this.abandoned.forEach(Producer::close);
		this.brokerMetadata.destroy();
	}

	@Test
	void seedsAGroupWithoutOffsetsFromTheMostAdvancedSourcePerPartition() throws Exception {
		String origin = EmbeddedBroker.uniqueName("orders");
		String other = origin + "-green";
		String target = origin + "-blue";
		commit(origin, Map.of(this.p0, 100L, this.p1, 100L));
		commit(other, Map.of(this.p1, 150L, this.p2, 7L));

		Map<TopicPartition, Long> seeded = seeding().seed(target, List.of(origin, other));

		Map<TopicPartition, Long> expected = Map.of(this.p0, 100L, this.p1, 150L, this.p2, 7L);
		assertThat(seeded).isEqualTo(expected);
		assertThat(EmbeddedBroker.committed(target)).isEqualTo(expected);
		assertThat(metadata(target)).containsEntry(this.p0, GroupSeeding.METADATA_PREFIX + origin)
			.containsEntry(this.p1, GroupSeeding.METADATA_PREFIX + other);
	}

	@Test
	void leavesAGroupThatHasOffsetsAsItIsEvenIfASourceIsAhead() throws Exception {
		String origin = EmbeddedBroker.uniqueName("orders");
		String target = origin + "-blue";
		commit(origin, Map.of(this.p0, 100L, this.p1, 100L));
		commit(target, Map.of(this.p0, 40L));

		assertThat(seeding().seed(target, List.of(origin))).isEmpty();
		assertThat(EmbeddedBroker.committed(target)).isEqualTo(Map.of(this.p0, 40L));
	}

	@Test
	void seedsOnlyOnceSoARestartAfterConsumingDoesNotMoveTheGroup() throws Exception {
		String origin = EmbeddedBroker.uniqueName("orders");
		String target = origin + "-blue";
		commit(origin, Map.of(this.p0, 100L));
		seeding().seed(target, List.of(origin));
		commit(target, Map.of(this.p0, 130L));
		commit(origin, Map.of(this.p0, 200L));

		assertThat(seeding().seed(target, List.of(origin))).isEmpty();
		assertThat(EmbeddedBroker.committed(target)).isEqualTo(Map.of(this.p0, 130L));
	}

	@Test
	void ofSeedersStartingAtOnceOneSeedsAndNoneMovesTheGroupBack() throws Exception {
		String origin = EmbeddedBroker.uniqueName("orders");
		String target = origin + "-blue";
		commit(origin, Map.of(this.p0, 100L, this.p1, 50L));

		assertThat(seedAtOnce(target, origin)).as("seeders of the first wave that seeded").isEqualTo(1);
		assertThat(EmbeddedBroker.committed(target)).isEqualTo(Map.of(this.p0, 100L, this.p1, 50L));
		// The group consumes ahead, the origin less
		// far: seeding it again would move it back
		commit(target, Map.of(this.p0, 200L, this.p1, 80L));
		commit(origin, Map.of(this.p0, 150L, this.p1, 60L));

		assertThat(seedAtOnce(target, origin)).as("seeders of the second wave that seeded").isZero();
		assertThat(EmbeddedBroker.committed(target)).isEqualTo(Map.of(this.p0, 200L, this.p1, 80L));
	}

	/**
	 * Regression test of the check that the group has offsets with a read that waits for
	 * stable offsets: a busy transactional listener's group nearly always has an open
	 * transaction, so the check waited and the seeding failed or slowed every start.
	 */
	@Test
	void aGroupWithOffsetsIsLeftAloneWithoutWaitingForAnOpenTransactionOfItsListener() throws Exception {
		String origin = EmbeddedBroker.uniqueName("orders");
		String target = origin + "-blue";
		commit(origin, Map.of(this.p0, 100L));
		commit(target, Map.of(this.p0, 40L));
		openTransaction(target, Map.of(this.p0, 41L));

		assertThat(impatientSeeding().seed(target, List.of(origin))).isEmpty();
		assertThat(this.brokerMetadata.lastCompletedOffsets(target)).isEqualTo(Map.of(this.p0, 40L));
	}

	@Test
	void seedsFromTheLastCompletedOffsetsOfASourceWithAnOpenTransaction() throws Exception {
		String origin = EmbeddedBroker.uniqueName("orders");
		String target = origin + "-blue";
		commit(origin, Map.of(this.p0, 100L));
		openTransaction(origin, Map.of(this.p0, 120L));

		assertThat(impatientSeeding().seed(target, List.of(origin))).isEqualTo(Map.of(this.p0, 100L));
		assertThat(EmbeddedBroker.committed(target)).isEqualTo(Map.of(this.p0, 100L));
	}

	@Test
	void aSeederThatCrashedMidTransactionIsAbortedByTheNextOne() throws Exception {
		String origin = EmbeddedBroker.uniqueName("orders");
		String target = origin + "-blue";
		commit(origin, Map.of(this.p0, 100L));
		// A seeder that sent its offsets and died before committing them
		Producer<byte[], byte[]> crashed = producer(GroupSeeding.transactionalId(target));
		this.abandoned.add(crashed);
		crashed.initTransactions();
		crashed.beginTransaction();
		crashed.sendOffsetsToTransaction(Map.of(this.p0, new OffsetAndMetadata(3L)), new ConsumerGroupMetadata(target));

		assertThat(seeding().seed(target, List.of(origin))).isEqualTo(Map.of(this.p0, 100L));
		assertThat(EmbeddedBroker.committed(target)).isEqualTo(Map.of(this.p0, 100L));
	}

	/**
	 * Start four seeders of a group at once and return how many seeded it.
	 */
	private long seedAtOnce(String target, String origin) throws Exception {
		int seeders = 4;
		CyclicBarrier start = new CyclicBarrier(seeders);
		List<CompletableFuture<Map<TopicPartition, Long>>> results = new ArrayList<>();
		for (int i = 0; i < seeders; i++) {
			GroupSeeding seeding = seeding();
			results.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await(30, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return seeding.seed(target, List.of(origin));
			}));
		}
		long seeded = 0;
		for (CompletableFuture<Map<TopicPartition, Long>> result : results) {
			if (!result.get(60, TimeUnit.SECONDS).isEmpty()) {
				seeded++;
			}
		}
		return seeded;
	}

	/**
	 * Leave a transaction open that carries offsets of a group, as a transactional
	 * listener's producer does between its records.
	 */
	private void openTransaction(String group, Map<TopicPartition, Long> offsets) {
		Producer<byte[], byte[]> listener = producer(EmbeddedBroker.uniqueName("listener-tx"));
		this.abandoned.add(listener);
		listener.initTransactions();
		listener.beginTransaction();
		Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
		offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
		listener.sendOffsetsToTransaction(commits, new ConsumerGroupMetadata(group));
	}

	/**
	 * A seeding that gives up at once: one that waits for the open transaction fails.
	 */
	private GroupSeeding impatientSeeding() {
		return new GroupSeeding(this.brokerMetadata, GroupSeedingIntegrationTests::producer, Duration.ofMillis(1));
	}

	private GroupSeeding seeding() {
		return new GroupSeeding(this.brokerMetadata, GroupSeedingIntegrationTests::producer, Duration.ofSeconds(30));
	}

	private static Producer<byte[], byte[]> producer(String transactionalId) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new KafkaProducer<>(config);
	}

	private static void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
		offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
		try (Admin admin = EmbeddedBroker.admin()) {
			admin.alterConsumerGroupOffsets(group, commits).all().get(30, TimeUnit.SECONDS);
		}
	}

	private static Map<TopicPartition, String> metadata(String group) throws Exception {
		Map<TopicPartition, String> metadata = new HashMap<>();
		try (Admin admin = EmbeddedBroker.admin()) {
			admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS)
				.forEach((partition, offset) -> metadata.put(partition, offset.metadata()));
		}
		return metadata;
	}

}
