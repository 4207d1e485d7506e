package io.bluegreen.benchmark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The in-process KRaft broker a benchmark run measures on, with production group
 * coordination defaults where the embedded broker departs from them.
 *
 * @author bluegreen
 */
final class BenchmarkBroker implements AutoCloseable {

	private static final int WARM_UP_ROUNDS = 20;

	private final EmbeddedKafkaKraftBroker broker;

	private final Map<String, String> settings;

	private BenchmarkBroker(EmbeddedKafkaKraftBroker broker, Map<String, String> settings) {
		this.broker = broker;
		this.settings = settings;
	}

	/**
	 * Start a broker.
	 * @param initialRebalanceDelayMillis the broker's
	 * {@code group.initial.rebalance.delay.ms}
	 * @return the running broker
	 */
	static BenchmarkBroker start(int initialRebalanceDelayMillis) {
		return start(initialRebalanceDelayMillis, Map.of());
	}

	/**
	 * Start a broker with more settings.
	 * @param initialRebalanceDelayMillis the broker's
	 * {@code group.initial.rebalance.delay.ms}
	 * @param more more broker settings
	 * @return the running broker
	 */
	static BenchmarkBroker start(int initialRebalanceDelayMillis, Map<String, String> more) {
		Map<String, String> settings = new LinkedHashMap<>();
		// The embedded broker zeroes it; a production broker waits 3 s before the first
		// rebalance of an empty group
		settings.put("group.initial.rebalance.delay.ms", String.valueOf(initialRebalanceDelayMillis));
		settings.put("transaction.state.log.replication.factor", "1");
		settings.put("transaction.state.log.min.isr", "1");
		settings.putAll(more);
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		settings.forEach(broker::brokerProperty);
		broker.afterPropertiesSet();
		BenchmarkBroker started = new BenchmarkBroker(broker, Collections.unmodifiableMap(settings));
		started.warmUp();
		return started;
	}

	/**
	 * Commit offsets in transactions and read them back stable, as a switch's handover
	 * does, before anything is measured. The broker runs in the benchmark's JVM: the
	 * first transactional offset commit it ever handles loads and interprets its code,
	 * which cost the first switch on a fresh broker 100 to 500 ms more than the ones
	 * after it. A broker that served any transactional client before, as production
	 * brokers have, does not pay for it.
	 */
	private void warmUp() {
		String group = "benchmark-warm-up";
		TopicPartition partition = new TopicPartition("benchmark-warm-up", 0);
		try (Admin admin = admin();
				KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
								ProducerConfig.TRANSACTIONAL_ID_CONFIG, group,
								ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
								ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
			producer.initTransactions();
			for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
				producer.beginTransaction();
				producer.send(new ProducerRecord<>(partition.topic(), new byte[0]));
				producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(round)),
						new ConsumerGroupMetadata(group));
				producer.commitTransaction();
				admin.listConsumerGroupOffsets(group, new ListConsumerGroupOffsetsOptions().requireStable(true))
					.partitionsToOffsetAndMetadata()
					.get(30, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not warm the broker up: " + ex, ex);
		}
	}

	/**
	 * Return the broker settings that differ from the embedded broker's defaults.
	 * @return the settings
	 */
	Map<String, String> settings() {
		return this.settings;
	}

	String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	/**
	 * Create a topic with one replica.
	 * @param name the topic
	 * @param partitions its partitions
	 * @return the topic
	 * @throws Exception if the broker did not create it within 30 s
	 */
	String createTopic(String name, int partitions) throws Exception {
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		return name;
	}

	/**
	 * Delete topics, so that the partitions of one run do not weigh on the next one. The
	 * broker drops the committed offsets of their partitions with them.
	 * @param topics the topics
	 * @throws Exception if the broker did not delete them within 30 s
	 */
	void deleteTopics(List<String> topics) throws Exception {
		try (Admin admin = admin()) {
			admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
		}
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	@Override
	public void close() {
		this.broker.destroy();
	}

}
