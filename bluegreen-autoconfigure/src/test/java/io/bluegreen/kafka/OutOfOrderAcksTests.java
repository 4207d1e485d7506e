package io.bluegreen.kafka;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.lifecycle.TransitionResult.Outcome;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication.DeferredAckListener;
import io.bluegreen.test.RecordLog;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Manual acknowledgments completed out of order, from another thread, with
 * {@code asyncAcks}: Spring Kafka commits only the acknowledged prefix of each partition,
 * so the drain is not proven while an earlier record is still unacknowledged.
 */
class OutOfOrderAcksTests {

	@ParameterizedTest(name = "ack-mode={0}")
	@ValueSource(strings = { "manual", "manual_immediate" })
	void aDrainWaitsForEveryRecordHandedToTheListener(String ackMode) throws Exception {
		String topic = EmbeddedBroker.createTopic("acks", 1);
		String group = EmbeddedBroker.uniqueName("orders");
		TopicPartition partition = new TopicPartition(topic, 0);
		// Sent before the listener starts, so that one poll hands all five to the listener:
		// with asyncAcks the container fetches nothing more until a batch is acknowledged
		try (Load load = new Load(topic, 1)) {
			load.send(5);
		}
		try (ConfigurableApplicationContext app = KafkaLifecycleIntegrationTests.start(topic, group,
						"test.style=deferred-ack", "spring.kafka.listener.ack-mode=" + ackMode,
						"spring.kafka.listener.async-acks=true", "bluegreen.drain-timeout=1s")) {
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
			assertThat(EmbeddedBroker.committed(group).getOrDefault(partition, 0L)).isZero();

			listener.acknowledgments.get(0L).acknowledge();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> lifecycle.getState() == LifecycleState.PAUSED);
			assertThat(EmbeddedBroker.committed(group)).isEqualTo(Map.of(partition, 5L));
			assertThat(log.count()).isEqualTo(5);
		}
	}

}
