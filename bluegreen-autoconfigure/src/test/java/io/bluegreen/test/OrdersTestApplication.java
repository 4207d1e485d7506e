package io.bluegreen.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.event.ConsumerPartitionPausedEvent;
import org.springframework.kafka.event.ConsumerPartitionResumedEvent;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A consumer application for the tests: one listener, of the style {@code test.style}
 * (record, batch or manual), on {@code test.topic}, logging every processed record.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class OrdersTestApplication {

	/**
	 * Spring Security's auto-configurations, which are on the test classpath and left out
	 * unless a test sets {@code spring.autoconfigure.exclude} itself.
	 */
	private static final String SECURITY = String.join(",",
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

	public static ConfigurableApplicationContext start(WebApplicationType web, String... properties) {
		// One broker: a control topic replicated once, said explicitly
		List<String> all = new ArrayList<>(
				List.of("spring.kafka.bootstrap-servers=" + EmbeddedBroker.bootstrapServers(),
						"bluegreen.fleet.control-topic-replication-factor=1",
						"bluegreen.fleet.control-topic-min-insync-replicas=1"));
		all.addAll(List.of(properties));
		return run(web, all);
	}

	/**
	 * Start an instance in a JVM of its own, so that a test can kill it with -9.
	 * @param args properties as {@code name=value}, including the bootstrap servers
	 */
	public static void main(String[] args) {
		run(WebApplicationType.NONE, List.of(args));
	}

	private static ConfigurableApplicationContext run(WebApplicationType web, List<String> properties) {
		List<String> all = new ArrayList<>(List.of("spring.kafka.consumer.auto-offset-reset=earliest",
				"spring.kafka.consumer.max-poll-records=20", "spring.main.banner-mode=off", "server.port=0",
				"management.endpoints.web.exposure.include=*", "management.endpoint.bluegreen.access=unrestricted",
				"management.endpoint.health.show-details=always", "spring.kafka.listener.poll-timeout=100ms",
				"spring.autoconfigure.exclude=" + SECURITY));
		all.addAll(properties);
		// The embedded broker sets spring.kafka.bootstrap-servers
		// as a system property, which outranks these properties:
		// the servers the test chose go on the command line
		String[] bootstrap = all.stream()
			.filter((property) -> property.startsWith("spring.kafka.bootstrap-servers="))
			.reduce((first, second) -> second)
			.map((property) -> new String[] { "--" + property })
			.orElse(new String[0]);
		return new SpringApplicationBuilder(OrdersTestApplication.class).web(web)
			.properties(all.toArray(String[]::new))
			.run(bootstrap);
	}

	/**
	 * Wait until every consumer of the listener that can get a partition has one, so that
	 * no member joins later and rebalances.
	 */
	public static void awaitBalanced(ConfigurableApplicationContext app, int partitions) {
		ConcurrentMessageListenerContainer<?, ?> container = (ConcurrentMessageListenerContainer<?, ?>) app
			.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer(app.getEnvironment().getProperty("test.listener-id", "orders"));
		int expectedMembers = Math.min(container.getConcurrency(), partitions);
		Awaitility.await().atMost(EmbeddedBroker.waitCeiling()).until(() -> {
			Map<String, Collection<TopicPartition>> assignments = container.getAssignmentsByClientId();
			return assignments != null && assignments.values().stream().mapToInt(Collection::size).sum() == partitions
					&& assignments.values()
						.stream()
						.filter((assigned) -> !assigned.isEmpty())
						.count() == expectedMembers;
		});
	}

	@Bean
	RecordLog recordLog(Environment environment) {
		String journal = environment.getProperty("test.record-journal");
		return new RecordLog((journal != null) ? Path.of(journal) : null);
	}

	@Bean
	Gate gate(Environment environment) {
		return new Gate(environment.getProperty("test.gate.close-after", Integer.class, -1));
	}

	/**
	 * The application's own rebalance listener and container customizer, which bluegreen
	 * must leave in place.
	 */
	@Bean
	UserHooks userHooks() {
		return new UserHooks();
	}

	@Bean
	ConsumerAwareRebalanceListener userRebalanceListener(UserHooks hooks) {
		return new ConsumerAwareRebalanceListener() {
			@Override
			public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				hooks.assignments.incrementAndGet();
			}
		};
	}

	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> userContainerCustomizer(
			UserHooks hooks) {
		return (container) -> hooks.customized.incrementAndGet();
	}

	public static class UserHooks {

		public final AtomicInteger assignments = new AtomicInteger();

		public final AtomicInteger customized = new AtomicInteger();

		/**
		 * Partitions the containers resumed, as {@code topic-partition}, in order.
		 */
		public final List<String> resumedPartitions = new java.util.concurrent.CopyOnWriteArrayList<>();

		/**
		 * Partitions the containers paused, as {@code topic-partition}, in order.
		 */
		public final List<String> pausedPartitions = new java.util.concurrent.CopyOnWriteArrayList<>();

		@EventListener
		void resumed(ConsumerPartitionResumedEvent event) {
			this.resumedPartitions.add(event.getPartition().toString());
		}

		@EventListener
		void paused(ConsumerPartitionPausedEvent event) {
			this.pausedPartitions.add(event.getPartition().toString());
		}

	}

	/**
	 * A second listener on {@code test.topic}, in a group of its own
	 * ({@code test.audit.group}), with its own log.
	 */
	@Component
	@ConditionalOnProperty(name = "test.audit.group")
	public static class AuditListener {

		public final RecordLog log = new RecordLog();

		@KafkaListener(id = "audit", groupId = "${test.audit.group}", topics = "${test.topic}",
				concurrency = "${test.audit.concurrency:1}")
		void listen(ConsumerRecord<String, String> record) {
			this.log.add(record);
		}

	}

	/**
	 * A manual-ack listener that leaves every acknowledgment to the test, which may
	 * acknowledge out of order, from its own thread.
	 */
	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "deferred-ack")
	public static class DeferredAckListener {

		private final RecordLog log;

		public final Map<Long, Acknowledgment> acknowledgments = new java.util.concurrent.ConcurrentHashMap<>();

		DeferredAckListener(RecordLog log) {
			this.log = log;
		}

		@KafkaListener(id = "orders", idIsGroup = false, topics = "${test.topic}", concurrency = "1")
		void listen(ConsumerRecord<String, String> record, Acknowledgment acknowledgment) {
			this.log.add(record);
			this.acknowledgments.put(record.offset(), acknowledgment);
		}

	}

	/**
	 * A manual-ack batch listener that leaves every acknowledgment to the test, which may
	 * acknowledge the batches out of order, from its own thread.
	 */
	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "deferred-batch-ack")
	public static class DeferredBatchAckListener {

		private final RecordLog log;

		/**
		 * The acknowledgment of each batch, by the offset of its first record.
		 */
		public final Map<Long, Acknowledgment> acknowledgments = new java.util.concurrent.ConcurrentHashMap<>();

		DeferredBatchAckListener(RecordLog log) {
			this.log = log;
		}

		@KafkaListener(id = "orders", idIsGroup = false, topics = "${test.topic}", concurrency = "1", batch = "true")
		void listen(List<ConsumerRecord<String, String>> records, Acknowledgment acknowledgment) {
			records.forEach(this.log::add);
			this.acknowledgments.put(records.get(0).offset(), acknowledgment);
		}

	}

	/**
	 * A manual-ack batch listener that fails while the test says so, and otherwise
	 * acknowledges each batch; the container retries a failed batch every 200 ms.
	 */
	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "failing-batch-ack")
	public static class FailingBatchAckListener {

		private final RecordLog log;

		/**
		 * Whether the next deliveries of a batch fail.
		 */
		public volatile boolean failing;

		FailingBatchAckListener(RecordLog log) {
			this.log = log;
		}

		@KafkaListener(id = "orders", idIsGroup = false, topics = "${test.topic}", concurrency = "1", batch = "true")
		void listen(List<ConsumerRecord<String, String>> records, Acknowledgment acknowledgment) {
			if (this.failing) {
				throw new IllegalStateException("Failing on " + records.size() + " records");
			}
			records.forEach(this.log::add);
			acknowledgment.acknowledge();
		}

		@Bean
		DefaultErrorHandler retryingErrorHandler() {
			return new DefaultErrorHandler(new FixedBackOff(200, FixedBackOff.UNLIMITED_ATTEMPTS));
		}

	}

	/**
	 * A listener on every topic matching {@code test.topic-pattern}.
	 */
	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "pattern")
	static class PatternListener {

		private final RecordLog log;

		PatternListener(RecordLog log) {
			this.log = log;
		}

		@KafkaListener(id = "orders", idIsGroup = false, topicPattern = "${test.topic-pattern}",
				concurrency = "${test.concurrency:2}")
		void listen(ConsumerRecord<String, String> record) {
			this.log.add(record);
		}

	}

	/**
	 * A listener whose records with a value starting with {@code fail} fail their first
	 * attempt and are retried from a retry topic after a back-off of
	 * {@code test.retry.delay} milliseconds.
	 */
	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "retry")
	public static class RetryListener {

		private final RecordLog log;

		public final List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();

		RetryListener(RecordLog log) {
			this.log = log;
		}

		@RetryableTopic(attempts = "2", backOff = @BackOff(delayString = "${test.retry.delay:3000}"))
		@KafkaListener(id = "orders", idIsGroup = false, topics = "${test.topic}", concurrency = "1")
		void listen(ConsumerRecord<String, String> record) {
			this.attempts.add(record.value());
			if (record.value().startsWith("fail")
					&& this.attempts.stream().filter(record.value()::equals).count() == 1) {
				throw new IllegalStateException("first attempt of " + record.value() + " fails");
			}
			this.log.add(record);
		}

	}

	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "record", matchIfMissing = true)
	static class RecordListener {

		private final RecordLog log;

		private final Gate gate;

		RecordListener(RecordLog log, Gate gate) {
			this.log = log;
			this.gate = gate;
		}

		@KafkaListener(id = "${test.listener-id:orders}", idIsGroup = false, topics = "${test.topic}",
				concurrency = "${test.concurrency:2}", autoStartup = "${test.auto-startup:true}")
		void listen(ConsumerRecord<String, String> record) {
			this.gate.pass();
			this.log.add(record);
		}

	}

	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "batch")
	static class BatchListener {

		private final RecordLog log;

		private final Gate gate;

		BatchListener(RecordLog log, Gate gate) {
			this.log = log;
			this.gate = gate;
		}

		@KafkaListener(id = "${test.listener-id:orders}", idIsGroup = false, topics = "${test.topic}",
				concurrency = "${test.concurrency:2}", batch = "true")
		void listen(List<ConsumerRecord<String, String>> records) {
			this.gate.pass();
			records.forEach(this.log::add);
		}

	}

	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "manual")
	static class ManualAckListener {

		private final RecordLog log;

		private final Gate gate;

		ManualAckListener(RecordLog log, Gate gate) {
			this.log = log;
			this.gate = gate;
		}

		@KafkaListener(id = "${test.listener-id:orders}", idIsGroup = false, topics = "${test.topic}",
				concurrency = "${test.concurrency:2}")
		void listen(ConsumerRecord<String, String> record, Acknowledgment acknowledgment) {
			this.gate.pass();
			this.log.add(record);
			if (this.gate.acknowledging()) {
				acknowledgment.acknowledge();
			}
		}

	}

	/**
	 * A consume-transform-produce listener: each record becomes a record of
	 * {@code test.output-topic} naming its partition and offset, written in the
	 * transaction of the container's {@code KafkaTransactionManager}, which Spring Boot
	 * sets when {@code spring.kafka.producer.transaction-id-prefix} is set. The transform
	 * of each record takes {@code test.transform-millis}, inside its transaction.
	 */
	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "transactional")
	static class TransactionalListener {

		private final RecordLog log;

		private final org.springframework.kafka.core.KafkaTemplate<Object, Object> template;

		private final String output;

		TransactionalListener(RecordLog log, org.springframework.kafka.core.KafkaTemplate<Object, Object> template,
				Environment environment) {
			this.log = log;
			this.template = template;
			this.output = environment.getRequiredProperty("test.output-topic");
			this.transformMillis = environment.getProperty("test.transform-millis", Long.class, 0L);
		}

		private final long transformMillis;

		@KafkaListener(id = "orders", idIsGroup = false, topics = "${test.topic}",
				concurrency = "${test.concurrency:2}")
		void listen(ConsumerRecord<String, String> record) throws InterruptedException {
			Thread.sleep(this.transformMillis);
			this.log.add(record);
			this.template.send(this.output, record.partition() + "@" + record.offset());
		}

	}

	/**
	 * A consume-transform-produce listener that runs its own transactions
	 * ({@code KafkaTemplate.executeInTransaction}) and sends the consumed offsets into
	 * each, with {@code sendOffsetsToTransaction}, before the transform, which takes
	 * {@code test.transform-millis}: the offsets are pending for that long. Its container
	 * has no transaction manager.
	 */
	@Component
	@ConditionalOnProperty(name = "test.style", havingValue = "transactional-by-hand")
	static class HandTransactionListener {

		private final RecordLog log;

		private final org.springframework.kafka.core.KafkaTemplate<Object, Object> template;

		private final String output;

		HandTransactionListener(RecordLog log, org.springframework.kafka.core.KafkaTemplate<Object, Object> template,
				Environment environment) {
			this.log = log;
			this.template = template;
			this.output = environment.getRequiredProperty("test.output-topic");
			this.transformMillis = environment.getProperty("test.transform-millis", Long.class, 0L);
		}

		private final long transformMillis;

		@KafkaListener(id = "orders", idIsGroup = false, topics = "${test.topic}",
				concurrency = "${test.concurrency:2}", containerFactory = "handTransactionContainerFactory")
		void listen(ConsumerRecord<String, String> record, Consumer<?, ?> consumer) {
			this.template.executeInTransaction((operations) -> {
				operations.sendOffsetsToTransaction(
						Map.of(new TopicPartition(record.topic(), record.partition()),
								new org.apache.kafka.clients.consumer.OffsetAndMetadata(record.offset() + 1)),
						consumer.groupMetadata());
				try {
					Thread.sleep(this.transformMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				operations.send(this.output, record.partition() + "@" + record.offset());
				return null;
			});
			this.log.add(record);
		}

		@Bean
		static org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory<Object, Object> handTransactionContainerFactory(
				org.springframework.kafka.core.ConsumerFactory<Object, Object> consumerFactory) {
			org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory<>();
			factory.setConsumerFactory(consumerFactory);
			factory.getContainerProperties().setPollTimeout(100);
			return factory;
		}

	}

	/**
	 * A listener of another topic, in a group of its own, that a release may add: on
	 * {@code test.added-topic}, when set, logging to the application's log.
	 */
	@Component
	@ConditionalOnProperty(name = "test.added-topic")
	static class AddedListener {

		private final RecordLog log;

		AddedListener(RecordLog log) {
			this.log = log;
		}

		@KafkaListener(id = "added", groupId = "${test.added-group}", topics = "${test.added-topic}")
		void listen(ConsumerRecord<String, String> record) {
			this.log.add(record);
		}

	}

}
