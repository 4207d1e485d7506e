package io.bluegreen.autoconfigure;

import io.bluegreen.fleet.DesiredStateFollower;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.test.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet auto-configuration with a broker, or with one it cannot reach: the conditions
 * without Kafka are in {@link BlueGreenAutoConfigurationTests}. The tests run at the same
 * time, each with a deployment of its own.
 */
@Execution(ExecutionMode.CONCURRENT)
class BlueGreenFleetAutoConfigurationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(KafkaAutoConfiguration.class, BlueGreenAutoConfiguration.class, BlueGreenFleetAutoConfiguration.class));

	@Test
	void fleetCoordinationFollowsTheControlTopic() {
		this.runner
			.withPropertyValues("bluegreen.fleet.enabled=true", "bluegreen.color=green",
					"bluegreen.fleet.deployment=" + EmbeddedBroker.uniqueName("deployment"),
					"bluegreen.fleet.instance-id=green-1", "bluegreen.initial-state=PAUSED",
					"bluegreen.fleet.control-topic-replication-factor=1",
					"bluegreen.fleet.control-topic-min-insync-replicas=1",
					"spring.kafka.bootstrap-servers=" + EmbeddedBroker.bootstrapServers())
			.run((context) -> {
				assertThat(context).hasSingleBean(DesiredStateFollower.class).hasSingleBean(FleetService.class);
				LifecycleService service = context.getBean(LifecycleService.class);
				assertThat(service.getState()).isEqualTo(LifecycleState.PAUSED);
				assertThat(context.getBean(FleetService.class).status().active()).as("nothing recorded").isNull();
				TransitionResult resume = service.request(LifecycleState.ACTIVE).get();
				assertThat(resume.outcome()).isEqualTo(TransitionResult.Outcome.REFUSED);
				assertThat(resume.reason()).contains("nothing is recorded for deployment");
				assertThat(service.getState()).isEqualTo(LifecycleState.PAUSED);
			});
	}

	@Test
	void anInstanceThatCannotReadTheControlTopicNeverMakesItselfActive() {
		this.runner
			.withPropertyValues("bluegreen.fleet.enabled=true", "bluegreen.color=blue",
					"bluegreen.initial-state=ACTIVE", "spring.application.name=orders",
					"bluegreen.fleet.startup-timeout=1s", "spring.kafka.bootstrap-servers=localhost:1")
			.run((context) -> {
				LifecycleService service = context.getBean(LifecycleService.class);
				assertThat(service.getState()).isEqualTo(LifecycleState.PAUSED);
				TransitionResult resume = service.request(LifecycleState.ACTIVE).get();
				assertThat(resume.outcome()).isEqualTo(TransitionResult.Outcome.REFUSED);
				assertThat(resume.reason()).contains("the control topic could not be read yet");
				assertThat(context.getBean(FleetService.class).switchTo("blue").outcome())
					.isEqualTo(SwitchOutcome.CONFLICT);
			});
	}

}
