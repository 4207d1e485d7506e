package io.bluegreen.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three-node cluster keeps every acknowledged record across a kill -9 of a partition
 * leader and its restart, so the fault tests built on it measure bluegreen, not the
 * fixture.
 */
class KafkaClusterIntegrationTests {

	private static final int PARTITIONS = 3;

	private static KafkaCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = KafkaCluster.shared();
	}

	@Test
	void keepsEveryAcknowledgedRecordAcrossAKilledAndRestartedPartitionLeader() throws Exception {
		String topic = cluster.createTopic("stable", PARTITIONS);
		TopicPartition first = new TopicPartition(topic, 0);
		assertThat(cluster.inSyncReplicasOf(first)).hasSize(3);
		Map<Long, RecordMetadata> acknowledged = new ConcurrentHashMap<>();
		AtomicLong sent = new AtomicLong();
		AtomicBoolean producing = new AtomicBoolean(true);
		List<Throwable> failures = new ArrayList<>();
		Thread producer = new Thread(() -> {
			try (KafkaProducer<String, String> kafka = new KafkaProducer<>(producerConfig())) {
				while (producing.get()) {
					long n = sent.getAndIncrement();
					acknowledged.put(n, kafka.send(new ProducerRecord<>(topic, (int) (n % PARTITIONS), "k" + n, "" + n))
						.get(60, TimeUnit.SECONDS));
					Thread.sleep(2);
				}
			}
			catch (Exception ex) {
				failures.add(ex);
			}
		}, "cluster-test-producer");
		Map<String, List<Long>> consumed = new ConcurrentHashMap<>();
		AtomicBoolean consuming = new AtomicBoolean(true);
		Thread consumer = new Thread(() -> {
			try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerConfig())) {
				kafka.subscribe(List.of(topic));
				while (consuming.get()) {
					for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(100))) {
						consumed.computeIfAbsent(record.value(), (key) -> new ArrayList<>()).add(record.offset());
					}
				}
			}
		}, "cluster-test-consumer");
		producer.start();
		consumer.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> consumed.size() > 200);

		int leader = cluster.leaderOf(first);
		cluster.kill(leader);
		long atKill = sent.get();
		// The partition moves to another node and writes continue there
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> cluster.leaderOf(first) != leader);
		await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > atKill + 300);
		cluster.restart(leader);
		assertThat(cluster.inSyncReplicasOf(first)).contains(leader);
		long atRestart = sent.get();
		await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > atRestart + 300);
		producing.set(false);
		producer.join();
		assertThat(failures).isEmpty();

		Set<String> expected = new HashSet<>();
		acknowledged.keySet().forEach((n) -> expected.add("" + n));
		await().atMost(Duration.ofSeconds(60)).until(() -> consumed.keySet().containsAll(expected));
		consuming.set(false);
		consumer.join();
		Map<String, List<Long>> duplicates = new HashMap<>();
		consumed.forEach((value, offsets) -> {
			if (offsets.stream().distinct().count() > 1) {
				duplicates.put(value, offsets);
			}
		});
		assertThat(duplicates).as("records written twice").isEmpty();
		assertThat(consumed.keySet()).as("every acknowledged record, nothing else").isEqualTo(expected);
		System.out.println("cluster: " + acknowledged.size()
				+ " records acknowledged and consumed across a kill -9 of node " + leader + " and its restart");
	}

	@Test
	void findsTheCoordinatorsOfAGroupAndOfATransactionalId() throws Exception {
		String topic = cluster.createTopic("coordinators", 1);
		String transactionalId = EmbeddedBroker.uniqueName("transactions");
		Map<String, Object> config = new HashMap<>(producerConfig());
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config);
				KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig())) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>(topic, "key", "value"));
			producer.commitTransaction();
			assertThat(cluster.transactionCoordinatorOf(transactionalId)).isIn(cluster.nodeIds());
			consumer.subscribe(List.of(topic));
			String group = consumer.groupMetadata().groupId();
			await().atMost(Duration.ofSeconds(60)).until(() -> !consumer.poll(Duration.ofMillis(100)).isEmpty());
			assertThat(cluster.groupCoordinatorOf(group)).isIn(cluster.nodeIds());
		}
	}

	private static Map<String, Object> producerConfig() {
		return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
				"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
	}

	private static Map<String, Object> consumerConfig() {
		return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, EmbeddedBroker.uniqueName("stable"),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
	}

}
