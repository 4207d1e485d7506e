package io.bluegreen.test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real, in-process KRaft broker shared by every test of the JVM; tests isolate
 * themselves with their own topics and groups.
 */
public final class EmbeddedBroker {

	private static EmbeddedKafkaKraftBroker broker;

	private EmbeddedBroker() {
	}

	public static synchronized String bootstrapServers() {
		if (broker == null) {
			broker = new EmbeddedKafkaKraftBroker(1, 1);
			// One broker: the transaction log (fleet offset handover) must fit on it
			broker.brokerProperty("transaction.state.log.replication.factor", "1");
			broker.brokerProperty("transaction.state.log.min.isr", "1");
			// A log cleaner that runs within a second, for the compaction tests
			broker.brokerProperty("log.cleaner.backoff.ms", "200");
			broker.afterPropertiesSet();
			Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		}
		return broker.getBrokersAsString();
	}

	public static String uniqueName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public static String createTopic(String prefix, int partitions) {
		String topic = uniqueName(prefix);
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return topic;
	}

	public static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	public static Map<TopicPartition, Long> committed(String groupId) {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			Map<TopicPartition, Long> committed = new HashMap<>();
			offsets.forEach((partition, offset) -> {
				if (offset != null) {
					committed.put(partition, offset.offset());
				}
			});
			return committed;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static KafkaProducer<String, String> producer() {
		return producer(bootstrapServers());
	}

	public static KafkaProducer<String, String> producer(String bootstrapServers) {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(properties);
	}

	public static Duration waitCeiling() {
		return Duration.ofSeconds(60);
	}

}
