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
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

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
			.contains("of a state the control topic no longer holds");
		assertThat(log.view().desired()).as("recorded state").isNull();
	}

	/**
	 * An instance cut off from the log since the topic was created anew does not report
	 * into it, but its consumers are still in their group, and may be consuming.
	 */
	@Test
	void aSwitchIsRefusedWhileAGroupHasAMemberNoInstanceReported() {
		MemoryControlLog log = new MemoryControlLog();
		log.append(new ControlRecord.Report(report("green-1", "green", LifecycleState.PAUSED, 0, Instant.now())));
		LocalInstance instance = mock(LocalInstance.class);
		given(instance.groups("blue")).willReturn(Map.of("orders", "orders-blue"));
		given(instance.groups("green")).willReturn(Map.of("orders", "orders-green"));
		given(instance.members()).willReturn(Set.of("green-1-member"));
		GroupMembership membership = (group) -> CompletableFuture
			.completedFuture(group.equals("orders-blue") ? Set.of("cut-off-member") : Set.of("green-1-member"));

		SwitchResult result = service(log, instance, membership).startSwitch("green").join();

		assertThat(result.outcome()).isEqualTo(SwitchOutcome.CONFLICT);
		assertThat(result.reason()).contains(
				"consumer group orders-blue has member cut-off-member that no instance of the deployment reported");
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
		return service(log, new SpectatorInstance("{group}-{color}"),
				(group) -> CompletableFuture.completedFuture(Set.of()));
	}

	private FleetService service(MemoryControlLog log, LocalInstance instance, GroupMembership membership) {
		FleetSettings settings = new FleetSettings("orders", "green-1", "green", List.of("blue", "green"),
				LifecycleState.PAUSED, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ofSeconds(60), Clock.systemUTC());
		AtomicInteger ids = new AtomicInteger();
		Liveness liveness = new Liveness(settings, membership);
		Proposer proposer = new Proposer(settings, liveness, log, this.executor, () -> "id-" + ids.incrementAndGet(),
				Duration.ofSeconds(10));
		SwitchCoordinator coordinator = new SwitchCoordinator(settings, log, proposer, new NoColorOffsets(), membership,
				instance, this.executor);
		return new FleetService(settings, log, liveness, coordinator, this.executor, (event) -> {
		});
	}

	private static InstanceReport report(String id, String color, LifecycleState state, long version, Instant at) {
		return new InstanceReport(id, color, state, version, version, Map.of("orders", "orders-" + color),
				List.of(id + "-member"), List.of(), Map.of(), at, Map.of());
	}

}
