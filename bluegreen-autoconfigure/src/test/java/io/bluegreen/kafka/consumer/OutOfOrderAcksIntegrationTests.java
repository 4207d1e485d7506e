package io.bluegreen.kafka.consumer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.lifecycle.TransitionResult.Outcome;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import io.bluegreen.test.OrdersTestApplication.DeferredAckListener;
import io.bluegreen.test.OrdersTestApplication.DeferredBatchAckListener;
import io.bluegreen.test.OrdersTestApplication.FailingBatchAckListener;
import io.bluegreen.test.RecordLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.MethodKafkaListenerEndpoint;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Manual acknowledgments completed out of order, from another thread. With
 * {@code asyncAcks}, Spring Kafka commits only the acknowledged prefix of each partition;
 * without it, it commits the highest acknowledged offset, past records still in flight,
 * and may later commit a lower one. Either way the drain is not proven while a record
 * handed to the listener is unacknowledged, and once every one is, the group has
 * committed the position: nothing is processed twice by the next color.
 */
class OutOfOrderAcksIntegrationTests {

	@ParameterizedTest(name = "ack-mode={0}, async-acks={1}")
	@CsvSource({ "manual, true", "manual_immediate, true", "manual, false", "manual_immediate, false" })
	void aDrainWaitsForEveryRecordHandedToTheListener(String ackMode, boolean asyncAcks) throws Exception {
		String topic = EmbeddedBroker.createTopic("acks", 1);
		String group = EmbeddedBroker.uniqueName("orders");
		TopicPartition partition = new TopicPartition(topic, 0);
		// Sent before the listener starts, so that one poll hands
		// all five to the listener: with asyncAcks the container
		// fetches nothing more until a batch is acknowledged
		try (Load load = new Load(topic, 1)) {
			load.send(5);
		}
		try (ConfigurableApplicationContext app = KafkaLifecycleIntegrationTests.start(topic, group,
				"test.style=deferred-ack", "spring.kafka.listener.ack-mode=" + ackMode,
				"spring.kafka.listener.async-acks=" + asyncAcks, "bluegreen.drain-timeout=1s")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			DeferredAckListener listener = app.getBean(DeferredAckListener.class);
			RecordLog log = app.getBean(RecordLog.class);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> listener.acknowledgments.size() == 5);
			// Every record but the first is finished, last one first
			for (long offset = 4; offset >= 1; offset--) {
				listener.acknowledgments.get(offset).acknowledge();
			}

			TransitionResult result = lifecycle.request(LifecycleState.PAUSED).get();

			assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
			assertThat(result.status().listeners()).singleElement()
				.satisfies((status) -> assertThat(status.pending())
					.anyMatch((pending) -> pending.contains(asyncAcks ? "committed" : "not acknowledged")));
			if (asyncAcks) {
				assertThat(EmbeddedBroker.committed(group).getOrDefault(partition, 0L)).isZero();
			}

			listener.acknowledgments.get(0L).acknowledge();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> lifecycle.getState() == LifecycleState.PAUSED);
			assertThat(EmbeddedBroker.committed(group)).isEqualTo(Map.of(partition, 5L));
			assertThat(log.count()).isEqualTo(5);
		}
	}

	@ParameterizedTest(name = "ack-mode={0}")
	@CsvSource({ "manual", "manual_immediate" })
	void aDrainWaitsForEveryBatchHandedToTheListener(String ackMode) throws Exception {
		String topic = EmbeddedBroker.createTopic("batch-acks", 1);
		String group = EmbeddedBroker.uniqueName("orders");
		TopicPartition partition = new TopicPartition(topic, 0);
		try (Load load = new Load(topic, 1)) {
			load.send(6);
		}
		try (ConfigurableApplicationContext app = KafkaLifecycleIntegrationTests.start(topic, group,
				"test.style=deferred-batch-ack", "spring.kafka.listener.ack-mode=" + ackMode,
				"spring.kafka.consumer.max-poll-records=2", "bluegreen.drain-timeout=1s")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			DeferredBatchAckListener listener = app.getBean(DeferredBatchAckListener.class);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> listener.acknowledgments.size() == 3);
			// The last two batches are finished, the last one first
			listener.acknowledgments.get(4L).acknowledge();
			listener.acknowledgments.get(2L).acknowledge();

			TransitionResult result = lifecycle.request(LifecycleState.PAUSED).get();

			assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
			listener.acknowledgments.get(0L).acknowledge();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> lifecycle.getState() == LifecycleState.PAUSED);
			assertThat(EmbeddedBroker.committed(group)).isEqualTo(Map.of(partition, 6L));
			assertThat(app.getBean(RecordLog.class).count()).isEqualTo(6);
		}
	}

	@Test
	void aBatchTheContainerRetriesIsNotCommittedByTheDrain() throws Exception {
		String topic = EmbeddedBroker.createTopic("retried-batch", 1);
		String group = EmbeddedBroker.uniqueName("orders");
		TopicPartition partition = new TopicPartition(topic, 0);
		try (Load load = new Load(topic, 1);
				ConfigurableApplicationContext app = KafkaLifecycleIntegrationTests.start(topic, group,
						"test.style=failing-batch-ack", "spring.kafka.listener.ack-mode=manual",
						"spring.kafka.consumer.max-poll-records=2", "bluegreen.drain-timeout=1s")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			FailingBatchAckListener listener = app.getBean(FailingBatchAckListener.class);
			RecordLog log = app.getBean(RecordLog.class);
			OrdersTestApplication.awaitBalanced(app, 1);
			load.send(2);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> EmbeddedBroker.committed(group).getOrDefault(partition, 0L) == 2L);
			// The next batch fails, and the container retries it every 200 ms
			listener.failing = true;
			load.send(2);

			TransitionResult result = lifecycle.request(LifecycleState.PAUSED).get();

			assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
			assertThat(EmbeddedBroker.committed(group)).isEqualTo(Map.of(partition, 2L));
			listener.failing = false;
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> lifecycle.getState() == LifecycleState.PAUSED);
			// The retried batch is processed and committed; a record fetched after the
			// pause is left to the next color
			long committed = EmbeddedBroker.committed(group).get(partition);
			assertThat(committed).isGreaterThanOrEqualTo(3L);
			assertThat(log.offsetsByPartition().get(partition))
				.containsExactlyElementsOf(LongStream.range(0, committed).boxed().toList());
		}
	}

	@ParameterizedTest(name = "manual-acks={0}")
	@CsvSource({ "each, TIMED_OUT", "cumulative, COMPLETED" })
	void aListenerThatAcknowledgesCumulativelyDrainsWhenConfiguredSo(String manualAcks, Outcome outcome)
			throws Exception {
		String topic = EmbeddedBroker.createTopic("cumulative", 1);
		String group = EmbeddedBroker.uniqueName("orders");
		try (Load load = new Load(topic, 1)) {
			load.send(5);
		}
		try (ConfigurableApplicationContext app = KafkaLifecycleIntegrationTests.start(topic, group,
				"test.style=deferred-ack", "spring.kafka.listener.ack-mode=manual",
				"bluegreen.listeners.manual-acks=" + manualAcks, "bluegreen.drain-timeout=1s")) {
			DeferredAckListener listener = app.getBean(DeferredAckListener.class);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> listener.acknowledgments.size() == 5);
			// Acknowledges the last record only, meaning all five
			listener.acknowledgments.get(4L).acknowledge();

			TransitionResult result = app.getBean(LifecycleService.class).request(LifecycleState.PAUSED).get();

			assertThat(result.outcome()).isEqualTo(outcome);
			assertThat(EmbeddedBroker.committed(group)).isEqualTo(Map.of(new TopicPartition(topic, 0), 5L));
		}
	}

	@Test
	void aContainerRegisteredAtRuntimeIsTrackedToo() throws Exception {
		String topic = EmbeddedBroker.createTopic("acks-main", 1);
		String lateTopic = EmbeddedBroker.createTopic("acks-late", 1);
		String group = EmbeddedBroker.uniqueName("orders");
		TopicPartition partition = new TopicPartition(lateTopic, 0);
		try (ConfigurableApplicationContext app = KafkaLifecycleIntegrationTests.start(topic, group,
				"test.style=deferred-ack", "spring.kafka.listener.ack-mode=manual", "bluegreen.drain-timeout=1s");
				Load load = new Load(lateTopic, 1)) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			LateListener late = new LateListener();
			register(app, late, lateTopic, group + "-late");
			load.send(5);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> late.acknowledgments.size() == 5);
			for (long offset = 4; offset >= 1; offset--) {
				late.acknowledgments.get(offset).acknowledge();
			}

			TransitionResult result = lifecycle.request(LifecycleState.PAUSED).get();

			assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
			late.acknowledgments.get(0L).acknowledge();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> lifecycle.getState() == LifecycleState.PAUSED);
			assertThat(EmbeddedBroker.committed(group + "-late")).isEqualTo(Map.of(partition, 5L));
			assertThat(late.acknowledgments).hasSize(5);
		}
	}

	private static void register(ConfigurableApplicationContext app, LateListener listener, String topic, String group)
			throws Exception {
		MethodKafkaListenerEndpoint<String, String> endpoint = new MethodKafkaListenerEndpoint<>();
		endpoint.setId("late");
		endpoint.setGroupId(group);
		endpoint.setTopics(topic);
		endpoint.setBean(listener);
		endpoint.setMethod(LateListener.class.getMethod("listen", ConsumerRecord.class, Acknowledgment.class));
		DefaultMessageHandlerMethodFactory handlerMethodFactory = new DefaultMessageHandlerMethodFactory();
		handlerMethodFactory.afterPropertiesSet();
		endpoint.setMessageHandlerMethodFactory(handlerMethodFactory);
		app.getBean(KafkaListenerEndpointRegistry.class)
			.registerListenerContainer(endpoint,
					app.getBean("kafkaListenerContainerFactory", KafkaListenerContainerFactory.class), true);
	}

	public static class LateListener {

		final Map<Long, Acknowledgment> acknowledgments = new ConcurrentHashMap<>();

		public void listen(ConsumerRecord<String, String> record, Acknowledgment acknowledgment) {
			this.acknowledgments.put(record.offset(), acknowledgment);
		}

	}

}
