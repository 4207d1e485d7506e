package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Load;
import io.bluegreen.test.RecordLog;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In a fleet, partitions a consumer is newly assigned stay paused until the fleet admits
 * them, whatever the lifecycle state: the consumer fetches nothing of them, then starts
 * where its group committed; under both group protocols, at the same time, each with its
 * own topic and group.
 */
@Execution(ExecutionMode.CONCURRENT)
class NewPartitionAdmissionIntegrationTests {

	private static final int PARTITIONS = 2;

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void newlyAssignedPartitionsAreNotConsumedUntilAdmitted(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("admission", PARTITIONS);
		try (Load load = new Load(topic, PARTITIONS);
				ConfigurableApplicationContext app = PausedByConstructionIntegrationTests.start(protocol, topic,
						EmbeddedBroker.uniqueName("orders"))) {
			PausePositions consumers = app.getBean(PausePositions.class);
			RecordLog log = app.getBean(RecordLog.class);
			load.send(20);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 20);

			CompletableFuture<Void> admission = new CompletableFuture<>();
			AtomicInteger asked = new AtomicInteger();
			consumers.admitNewPartitionsWith(() -> {
				asked.incrementAndGet();
				return admission;
			});
			// The consumers join again and are given the partitions anew
			KafkaListenerEndpointRegistry registry = app.getBean(KafkaListenerEndpointRegistry.class);
			registry.stop();
			registry.start();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> asked.get() > 0);
			load.send(20);
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> log.count() == 20);
			assertThat(app.getBean(LifecycleService.class).getState()).isEqualTo(LifecycleState.ACTIVE);

			admission.complete(null);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 40);
			load.send(20);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 60);
			KafkaLifecycleIntegrationTests.assertExactlyOnceInOrder(log);
		}
	}

}
