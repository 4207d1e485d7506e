package io.bluegreen.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import io.bluegreen.autoconfigure.BlueGreenProperties;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A blue instance, running in a JVM of its own, killed with {@code SIGKILL} right before
 * a switch and in the middle of one, with the default switch timeout, instance timeout
 * and session timeouts, under both group protocols: the switch completes once the broker
 * removed the dead consumers, and while it waits the status names the dead instance and
 * when its consumers leave. Regression tests of defaults that disagreed: a killed member
 * stayed in its group for 45 s while a switch gave up after 27 s, so every switch within
 * about 18 s of a crash aborted.
 * <p>
 * Each test waits about 45 s for the broker to remove the killed consumers, so the tests
 * run at the same time, each with its own topic, groups, deployment and control topic.
 */
@ParameterizedClass(name = "group.protocol={0}")
@ValueSource(strings = { "classic", "consumer" })
@Execution(ExecutionMode.CONCURRENT)
class FleetCrashIntegrationTests {

	private static final int PARTITIONS = 4;

	private static final BlueGreenProperties.Fleet DEFAULTS = new BlueGreenProperties().getFleet();

	@Parameter
	String protocol;

	@Test
	void aSwitchRightAfterABlueInstanceWasKilledCompletesOnceItsConsumersAreRemoved() throws Exception {
		String topic = EmbeddedBroker.createTopic("crashed", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue", "test.concurrency=1");
			fleet.startProcess("blue-2", "blue", "test.concurrency=1",
					"spring.kafka.bootstrap-servers=" + EmbeddedBroker.bootstrapServers());
			fleet.start("green-1", "green", "test.concurrency=1");
			fleet.start("green-2", "green", "test.concurrency=1");
			fleet.awaitLive("blue-2");
			fleet.awaitBalanced("green", PARTITIONS);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.assigned("blue-1") < PARTITIONS);
			load.startContinuous(10);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> processedBy(fleet, "blue-2") > 20);

			fleet.kill("blue-2");
			CompletableFuture<SwitchResult> result = inAThreadOfItsOwn(
					() -> fleet.service("green-1").switchTo("green"));

			assertWaitingForTheKilledInstance(fleet);
			SwitchResult switched = result.get(2, TimeUnit.MINUTES);
			assertThat(switched.outcome()).as(switched.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			long greenBefore = fleet.processedBy("green");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > greenBefore + 20);
			load.stop();
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> fleet.assertNothingLostAndNoOverlap(load.endOffsets(), "blue-2"));
		}
	}

	@Test
	void aSwitchDuringWhichABlueInstanceIsKilledCompletesOnceItsConsumersAreRemoved() throws Exception {
		String topic = EmbeddedBroker.createTopic("killed", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue", "test.concurrency=1");
			// Its listener hangs on its 60th record, so
			// its drain cannot finish before the kill
			fleet.startProcess("blue-2", "blue", "test.concurrency=1", "test.gate.close-after=60",
					"spring.kafka.bootstrap-servers=" + EmbeddedBroker.bootstrapServers());
			fleet.start("green-1", "green", "test.concurrency=1");
			fleet.start("green-2", "green", "test.concurrency=1");
			fleet.awaitLive("blue-2");
			fleet.awaitBalanced("green", PARTITIONS);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.assigned("blue-1") < PARTITIONS);
			load.startContinuous(10);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> processedBy(fleet, "blue-2") == 59);

			CompletableFuture<SwitchResult> result = inAThreadOfItsOwn(
					() -> fleet.service("green-1").switchTo("green"));
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("green-2").status().switchInProgress() != null);
			fleet.kill("blue-2");

			assertWaitingForTheKilledInstance(fleet);
			SwitchResult switched = result.get(2, TimeUnit.MINUTES);
			assertThat(switched.outcome()).as(switched.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			long greenBefore = fleet.processedBy("green");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > greenBefore + 20);
			load.stop();
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> fleet.assertNothingLostAndNoOverlap(load.endOffsets(), "blue-2"));
		}
	}

	/**
	 * While the switch waits, another instance's status and a second switch's refusal
	 * name the killed instance and when the broker removes its consumers.
	 */
	private static void assertWaitingForTheKilledInstance(FleetInstances fleet) {
		await().atMost(EmbeddedBroker.waitCeiling()).untilAsserted(() -> {
			FleetStatus status = fleet.service("green-2").status();
			assertThat(status.switchInProgress()).isNotNull();
			assertThat(status.waitingFor()).anySatisfy((waiting) -> assertThat(waiting).contains("instance blue-2")
				.contains("its consumers leave their groups by")
				.contains("session timeout 45 s"));
		});
		SwitchResult refused = fleet.service("blue-1").switchTo("green");
		assertThat(refused.outcome()).isEqualTo(SwitchOutcome.CONFLICT);
		assertThat(refused.reason()).contains("is in progress, waiting for").contains("instance blue-2");
	}

	/**
	 * Run a switch that blocks until the broker removed the killed consumers in a thread
	 * of its own, not in the common pool, which the tests running at the same time share.
	 */
	private static CompletableFuture<SwitchResult> inAThreadOfItsOwn(Supplier<SwitchResult> switchTo) {
		return CompletableFuture.supplyAsync(switchTo, (task) -> new Thread(task, "switch").start());
	}

	private static long processedBy(FleetInstances fleet, String instanceId) {
		return fleet.processed().stream().filter((record) -> record.instanceId().equals(instanceId)).count();
	}

	/**
	 * A fleet with the default switch timeout and instance timeout, and the consumers'
	 * and broker's default session timeouts: 45 s under both protocols.
	 */
	private FleetInstances fleet(String topic) {
		List<String> properties = new ArrayList<>(
				List.of("spring.kafka.consumer.properties.group.protocol=" + this.protocol,
						"bluegreen.fleet.switch-timeout=" + DEFAULTS.getSwitchTimeout().toMillis() + "ms",
						"bluegreen.fleet.instance-timeout=" + DEFAULTS.getInstanceTimeout().toMillis() + "ms",
						"bluegreen.fleet.heartbeat-interval=" + DEFAULTS.getHeartbeatInterval().toMillis() + "ms"));
		return new FleetInstances(topic, properties.toArray(String[]::new));
	}

}
