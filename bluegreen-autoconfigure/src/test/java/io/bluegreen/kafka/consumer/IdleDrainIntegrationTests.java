package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.bluegreen.lifecycle.DrainOutcome;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer of an idle topic sits in a poll for the listener's poll timeout: the pause
 * reaches it at once all the same, in every ack mode, and nothing it processed is lost.
 */
class IdleDrainIntegrationTests {

	private static final int PARTITIONS = 4;

	/**
	 * Far longer than a drain may take here, so that a drain that waits out a poll times
	 * out instead of completing.
	 */
	private static final String POLL_TIMEOUT = "spring.kafka.listener.poll-timeout=60s";

	@ParameterizedTest(name = "{0} listener, ack mode {1}")
	@CsvSource({ "record, RECORD", "record, BATCH", "batch, BATCH", "manual, MANUAL", "manual, MANUAL_IMMEDIATE" })
	void anIdleConsumerPausesWithoutWaitingOutItsPoll(String style, String ackMode) throws Exception {
		String topic = EmbeddedBroker.createTopic("idle-" + style, PARTITIONS);
		String group = EmbeddedBroker.uniqueName("idle");
		try (ConfigurableApplicationContext app = KafkaLifecycleIntegrationTests.start(topic, group, POLL_TIMEOUT,
				"test.style=" + style, "spring.kafka.listener.ack-mode=" + ackMode, "bluegreen.drain-timeout=20s");
				Load load = new Load(topic, PARTITIONS)) {
			OrdersTestApplication.awaitBalanced(app, PARTITIONS);
			load.send(100);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> KafkaLifecycleIntegrationTests.records(app).count() == 100);
			// Idle now: every consumer waits in a poll of 60 s

			TransitionResult paused = app.getBean(LifecycleService.class)
				.request(LifecycleState.PAUSED)
				.get(30, TimeUnit.SECONDS);

			assertThat(paused.status().state()).as(paused.toString()).isEqualTo(LifecycleState.PAUSED);
			assertThat(paused.status().drain().outcome()).isEqualTo(DrainOutcome.COMPLETED);
			assertThat(paused.status().drain().duration()).isLessThan(Duration.ofSeconds(20));
			assertThat(EmbeddedBroker.committed(group)).isEqualTo(load.endOffsets());
			load.send(50);
			await().during(Duration.ofSeconds(1))
				.atMost(EmbeddedBroker.waitCeiling())
				.until(() -> KafkaLifecycleIntegrationTests.records(app).count() == 100);
		}
	}

}
