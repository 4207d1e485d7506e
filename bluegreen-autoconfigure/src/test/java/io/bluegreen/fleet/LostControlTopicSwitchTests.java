package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A control topic that was lost and created anew holds the instances' reports before it
 * holds the desired state again: a switch asked for meanwhile must not record a first
 * state, which could make a color active against the one the instances follow. Found by
 * the simulation (seed 1175) once the fleet's steps stopped waiting for the broker.
 */
class LostControlTopicSwitchTests {

	private final SingleThreadFleetExecutor executor = new SingleThreadFleetExecutor("lost-topic-switch");

	@AfterEach
	void stop() {
		this.executor.destroy();
	}

	@Test
	void aSwitchIsRefusedWhileAnInstanceReportsAStateTheTopicNoLongerHolds() {
		MemoryControlLog log = new MemoryControlLog();
		Instant now = Instant.now();
		// Re-reported into the new topic: green-1 applied version 3, blue-1 version 3
		log.append(new ControlRecord.Report(report("green-1", "green", LifecycleState.ACTIVE, 3, now)));
		log.append(new ControlRecord.Report(report("blue-1", "blue", LifecycleState.PAUSED, 3, now)));

		SwitchResult result = service(log).startSwitch("blue").join();

		assertThat(result.outcome()).isEqualTo(SwitchOutcome.CONFLICT);
		assertThat(result.reason()).contains("instance blue-1 applied version 3")
			.contains("the topic was lost and the state is being written again");
		assertThat(log.view().desired()).as("recorded state").isNull();
	}

	@Test
	void aFirstSwitchOfANewDeploymentIsRecorded() {
		MemoryControlLog log = new MemoryControlLog();
		log.append(new ControlRecord.Report(report("blue-1", "blue", LifecycleState.PAUSED, 0, Instant.now())));

		SwitchResult result = service(log).startSwitch("blue").join();

		assertThat(result.outcome()).isEqualTo(SwitchOutcome.COMPLETED);
		assertThat(log.view().desired()).isNotNull().extracting(DesiredState::active).isEqualTo("blue");
	}

	private FleetService service(MemoryControlLog log) {
		FleetSettings settings = new FleetSettings("orders", "green-1", "green", List.of("blue", "green"),
				LifecycleState.PAUSED, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ofSeconds(60), Clock.systemUTC());
		GroupMembership membership = (group) -> CompletableFuture.completedFuture(Set.of());
		AtomicInteger ids = new AtomicInteger();
		Proposer proposer = new Proposer(log, this.executor, () -> "id-" + ids.incrementAndGet(),
				Duration.ofSeconds(10));
		SwitchCoordinator coordinator = new SwitchCoordinator(settings, log, proposer, new NoColorOffsets(), membership,
				new SpectatorInstance("{group}-{color}"), this.executor);
		return new FleetService(settings, log, new Liveness(settings, membership), coordinator, this.executor,
				(event) -> {
				});
	}

	private static InstanceReport report(String id, String color, LifecycleState state, long version, Instant at) {
		return new InstanceReport(id, color, state, version, version, Map.of("orders", "orders-" + color),
				List.of(id + "-member"), List.of(), Map.of(), at, Map.of());
	}

}
