package io.bluegreen.kafka.consumer;

import java.time.Duration;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import io.bluegreen.test.RecordLog;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that starts paused, resumes and is paused again while its group is still
 * forming: its consumers join one after the other, so the pause lands among rebalances
 * that move partitions between them. {@code PAUSED} must mean that no consumer processes
 * anything.
 * <p>
 * This is a stress test: before every consumer of a container held the pause of every
 * partition, and before positions recorded under an earlier assignment stopped counting,
 * about one repetition in twelve reported {@code PAUSED} and went on processing.
 * <p>
 * Each repetition has its own topic and group, and the repetitions run at the same time:
 * most of their time is spent waiting for rebalances.
 */
@Execution(ExecutionMode.CONCURRENT)
class PauseWhileTheGroupFormsIntegrationTests {

	private static final int PARTITIONS = 3;

	@RepeatedTest(12)
	void pausedMeansNoConsumerProcessesAnything() throws Exception {
		String topic = EmbeddedBroker.createTopic("forming", PARTITIONS);
		try (Load load = new Load(topic, PARTITIONS)) {
			ConfigurableApplicationContext app = OrdersTestApplication.start(WebApplicationType.NONE,
					"test.topic=" + topic, "spring.kafka.consumer.group-id=" + EmbeddedBroker.uniqueName("forming"),
					"bluegreen.initial-state=PAUSED", "test.concurrency=3");
			try {
				RecordLog records = app.getBean(RecordLog.class);
				LifecycleService lifecycle = app.getBean(LifecycleService.class);
				load.startContinuous(5);
				lifecycle.request(LifecycleState.ACTIVE).get();
				await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records.count() > 0);

				TransitionResult paused = lifecycle.request(LifecycleState.PAUSED).get();

				assertThat(paused.status().state()).isEqualTo(LifecycleState.PAUSED);
				int processed = records.count();
				Thread.sleep(Duration.ofSeconds(2).toMillis());
				assertThat(records.count()).as("records processed after PAUSED; " + lifecycle.status())
					.isEqualTo(processed);
			}
			finally {
				app.close();
			}
		}
	}

}
