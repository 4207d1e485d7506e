package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates the clients of the control log with settings of their own, independent of the
 * application's listener settings: an idempotent producer that sends at once, a consumer
 * that long-polls, and an admin client to describe the topic.
 *
 * @author bluegreen
 */
final class ControlClients {

	private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(500);

	private final Map<String, Object> connection;

	private final String instanceId;

	/**
	 * Create the clients' settings.
	 * @param connection the Kafka client configuration to connect with (bootstrap
	 * servers, security)
	 * @param instanceId the id of this instance, in the clients' ids
	 */
	ControlClients(Map<String, Object> connection, String instanceId) {
		this.connection = Map.copyOf(connection);
		this.instanceId = instanceId;
	}

	KafkaProducer<String, String> producer() {
		return new KafkaProducer<>(producerConfig());
	}

	KafkaConsumer<String, String> consumer() {
		return new KafkaConsumer<>(consumerConfig());
	}

	Admin admin() {
		Map<String, Object> config = new HashMap<>(this.connection);
		config.put(AdminClientConfig.CLIENT_ID_CONFIG, "bluegreen-control-admin-" + this.instanceId);
		return Admin.create(config);
	}

	private Map<String, Object> producerConfig() {
		Map<String, Object> config = new HashMap<>(this.connection);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "bluegreen-control-producer-" + this.instanceId);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KafkaControlLog.SEND_TIMEOUT.toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KafkaControlLog.SEND_TIMEOUT.toMillis());
		return config;
	}

	private Map<String, Object> consumerConfig() {
		Map<String, Object> config = new HashMap<>(this.connection);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bluegreen-control-consumer-" + this.instanceId);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		// A long poll: the broker answers a fetch as soon as a record is appended, and an
		// idle instance sends about two fetches a second
		config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis());
		// The topic is created and checked by ControlTopic, never by broker auto-creation
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		return config;
	}

}
