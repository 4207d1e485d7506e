package io.bluegreen.kafka;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Load;
import io.bluegreen.test.RecordLog;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In a fleet, a consumer consumes only under a group member id its instance admitted,
 * whatever the lifecycle state: the fleet admits a member id once the control topic knows
 * it. A consumer that joins its group under a new member id fetches nothing until it is
 * admitted, then starts where its group committed; under both group protocols.
 */
class MemberAdmissionTests {

	private static final int PARTITIONS = 2;

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void aConsumerWhoseMemberIdIsNotAdmittedConsumesNothingUntilItIs(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("admission", PARTITIONS);
		try (Load load = new Load(topic, PARTITIONS);
				ConfigurableApplicationContext app = PausedByConstructionTests.start(protocol, topic,
						EmbeddedBroker.uniqueName("orders"))) {
			PausePositions consumers = app.getBean(PausePositions.class);
			RecordLog log = app.getBean(RecordLog.class);
			load.send(20);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 20);
			Set<String> before = consumers.memberIds();
			assertThat(before).isNotEmpty();

			// The consumers join again, under new member ids that are not admitted
			consumers.requireAdmission();
			KafkaListenerEndpointRegistry registry = app.getBean(KafkaListenerEndpointRegistry.class);
			registry.stop();
			registry.start();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> !consumers.memberIds().isEmpty() && !consumers.memberIds().equals(before));
			Set<String> members = consumers.memberIds();
			load.send(20);
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> log.count() == 20);
			assertThat(app.getBean(LifecycleService.class).getState()).isEqualTo(LifecycleState.ACTIVE);

			consumers.admit(Set.of("another-member"));
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> log.count() == 20);

			consumers.admit(members);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 40);
			load.send(20);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 60);
			KafkaLifecycleIntegrationTests.assertExactlyOnceInOrder(log);
		}
	}

}
