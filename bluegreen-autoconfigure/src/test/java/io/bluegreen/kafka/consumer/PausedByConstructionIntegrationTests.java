package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.ListenerStatus;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import io.bluegreen.test.RecordLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A paused application stays paused whatever partitions its consumers get later:
 * partitions added to a topic and whatever the group protocol hands out, under both group
 * protocols. Before the pause was applied in the rebalance callback, a paused instance
 * consumed every record of a partition added while it was paused until a periodic refresh
 * reached it.
 */
class PausedByConstructionIntegrationTests {

	private static final int PARTITIONS = 2;

	private static final int GROWN = 4;

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void partitionsAddedWhilePausedAreNotConsumedUntilResumed(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("grow", PARTITIONS);
		String group = EmbeddedBroker.uniqueName("orders");
		try (Load load = new Load(topic, PARTITIONS);
				ConfigurableApplicationContext app = start(protocol, topic, group)) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			load.send(20);
			RecordLog log = app.getBean(RecordLog.class);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 20);
			assertPaused(lifecycle);

			try (Admin admin = EmbeddedBroker.admin()) {
				admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(GROWN))).all().get(30, TimeUnit.SECONDS);
			}
			try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
				for (int partition = PARTITIONS; partition < GROWN; partition++) {
					for (int i = 0; i < 10; i++) {
						producer.send(new ProducerRecord<>(topic, partition, "k", "new-" + i)).get();
					}
				}
			}
			// The consumers hold the new partitions, paused, and have polled since
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> pausedPartitions(lifecycle) == GROWN);
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> log.count() == 20);
			assertThat(lifecycle.getState()).isEqualTo(LifecycleState.PAUSED);
			assertThat(log.countsByPartition()).as("records processed while paused")
				.doesNotContainKeys(new TopicPartition(topic, 2), new TopicPartition(topic, 3));

			assertThat(lifecycle.request(LifecycleState.ACTIVE).get().status().state())
				.isEqualTo(LifecycleState.ACTIVE);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 40);
			KafkaLifecycleIntegrationTests.assertExactlyOnceInOrder(log);
			assertThat(log.countsByPartition()).containsOnlyKeys(
					IntStream.range(0, GROWN).mapToObj((partition) -> new TopicPartition(topic, partition)).toList());
		}
	}

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void topicsMatchingThePatternCreatedWhilePausedAreNotConsumedUntilResumed(String protocol) throws Exception {
		String prefix = EmbeddedBroker.uniqueName("pattern");
		String first = prefix + "-first";
		String later = prefix + "-later";
		try (Admin admin = EmbeddedBroker.admin()) {
			admin.createTopics(List.of(new NewTopic(first, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		try (ConfigurableApplicationContext app = start(protocol, first, EmbeddedBroker.uniqueName("orders"),
				"test.style=pattern", "test.topic-pattern=" + prefix + "-.*")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			RecordLog log = app.getBean(RecordLog.class);
			send(first, 0, 10);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 10);
			assertPaused(lifecycle);

			try (Admin admin = EmbeddedBroker.admin()) {
				admin.createTopics(List.of(new NewTopic(later, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
			}
			send(later, 0, 10);
			send(later, 1, 10);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> pausedPartitions(lifecycle) == 3);
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> log.count() == 10);
			assertThat(lifecycle.getState()).isEqualTo(LifecycleState.PAUSED);

			assertThat(lifecycle.request(LifecycleState.ACTIVE).get().status().state())
				.isEqualTo(LifecycleState.ACTIVE);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 30);
			KafkaLifecycleIntegrationTests.assertExactlyOnceInOrder(log);
		}
	}

	/**
	 * {@code @RetryableTopic} backs off by pausing the retry topic's partition and
	 * resuming it when the back-off ends. That resume must not reach a paused instance:
	 * before bluegreen held its pause beneath the container, the record was processed by
	 * the paused instance as soon as the back-off ended.
	 */
	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void aBackOffThatEndsWhilePausedDoesNotResumeConsumption(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("retry", 1);
		try (ConfigurableApplicationContext app = start(protocol, topic, EmbeddedBroker.uniqueName("orders"),
				"test.style=retry", "test.retry.delay=2000")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			RecordLog log = app.getBean(RecordLog.class);
			OrdersTestApplication.UserHooks hooks = app.getBean(OrdersTestApplication.UserHooks.class);
			send(topic, 0, 1);
			try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
				producer.send(new ProducerRecord<>(topic, 0, "k", "fail-1")).get();
			}
			String retryPartition = topic + "-retry-0";
			// The retry topic's consumer got the record and backs off
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> hooks.pausedPartitions.contains(retryPartition));
			assertPaused(lifecycle);
			assertThat(log.count()).isEqualTo(1);

			// The back-off ends: the container resumes
			// the partition, bluegreen keeps it paused
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> hooks.resumedPartitions.contains(retryPartition));
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> log.count() == 1);
			assertThat(lifecycle.getState()).isEqualTo(LifecycleState.PAUSED);

			assertThat(lifecycle.request(LifecycleState.ACTIVE).get().status().state())
				.isEqualTo(LifecycleState.ACTIVE);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 2);
			assertThat(app.getBean(OrdersTestApplication.RetryListener.class).attempts).containsExactly("r-0", "fail-1",
					"fail-1");
		}
	}

	/**
	 * Pause, and say what the drain still waited for if it did not complete.
	 */
	private static void assertPaused(LifecycleService lifecycle) throws Exception {
		TransitionResult result = lifecycle.request(LifecycleState.PAUSED).get();
		assertThat(result.status().state()).as(() -> "state after a pause request: " + result)
			.isEqualTo(LifecycleState.PAUSED);
	}

	private static void send(String topic, int partition, int count) throws Exception {
		try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
			for (int i = 0; i < count; i++) {
				producer.send(new ProducerRecord<>(topic, partition, "k", "r-" + i)).get();
			}
		}
	}

	private static int pausedPartitions(LifecycleService lifecycle) {
		return lifecycle.status()
			.listeners()
			.stream()
			.filter((listener) -> listener.state() == LifecycleState.PAUSED)
			.mapToInt((listener) -> listener.pausedPartitions().size())
			.sum();
	}

	static ConfigurableApplicationContext start(String protocol, String topic, String group, String... properties) {
		List<String> all = new ArrayList<>(List.of("test.topic=" + topic, "spring.kafka.consumer.group-id=" + group,
				"spring.kafka.consumer.properties.group.protocol=" + protocol,
				"spring.kafka.consumer.properties.metadata.max.age.ms=500"));
		all.addAll(List.of(properties));
		return OrdersTestApplication.start(WebApplicationType.NONE, all.toArray(String[]::new));
	}

	static List<ListenerStatus> listeners(ConfigurableApplicationContext app) {
		return app.getBean(LifecycleService.class).status().listeners();
	}

	static MessageListenerContainer container(ConfigurableApplicationContext app, String id) {
		return app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(id);
	}

}
