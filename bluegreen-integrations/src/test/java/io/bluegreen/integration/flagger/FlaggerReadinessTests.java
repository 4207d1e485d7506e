package io.bluegreen.integration.flagger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchInProgress;
import io.bluegreen.lifecycle.LifecycleState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flagger's {@code pre-rollout} readiness as the function of the fleet's status it is.
 */
class FlaggerReadinessTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void notReadyBeforeTheControlTopicIsRead() {
		FleetStatus fleet = fleet(false, "blue", null, green("green-1", LifecycleState.PAUSED));

		assertThat(FlaggerReadiness.of(fleet, "green"))
			.isEqualTo(new FlaggerReadiness(false, "not ready: this instance has not read the control topic yet"));
	}

	@Test
	void notReadyWhileASwitchIsInProgress() {
		SwitchInProgress inProgress = new SwitchInProgress("s-1", "blue", "green", 2, "blue-1", NOW,
				NOW.plusSeconds(30));
		FleetStatus fleet = fleet(true, "blue", inProgress, green("green-1", LifecycleState.PAUSED));

		assertThat(FlaggerReadiness.of(fleet, "green"))
			.isEqualTo(new FlaggerReadiness(false, "not ready: switch s-1 to 'green' is in progress"));
	}

	@Test
	void readyWhenTheColorIsActiveAlready() {
		FleetStatus fleet = fleet(true, "green", null, green("green-1", LifecycleState.ACTIVE));

		assertThat(FlaggerReadiness.of(fleet, "green"))
			.isEqualTo(new FlaggerReadiness(true, "color 'green' is already active"));
	}

	@Test
	void notReadyWithoutALiveInstanceOfTheColor() {
		FleetStatus fleet = fleet(true, "blue", null, blue("blue-1"));

		assertThat(FlaggerReadiness.of(fleet, "green"))
			.isEqualTo(new FlaggerReadiness(false, "not ready: no live instance of color 'green'"));
	}

	@Test
	void notReadyUntilEveryInstanceOfTheColorIsPaused() {
		FleetStatus fleet = fleet(true, "blue", null, blue("blue-1"), green("green-1", LifecycleState.PAUSED),
				green("green-2", LifecycleState.DRAINING));

		assertThat(FlaggerReadiness.of(fleet, "green")).isEqualTo(new FlaggerReadiness(false,
				"not ready: not every instance of color 'green' is paused: [green-2 is DRAINING]"));
	}

	@Test
	void readyWhenEveryInstanceOfTheColorIsPaused() {
		FleetStatus fleet = fleet(true, "blue", null, blue("blue-1"), green("green-1", LifecycleState.PAUSED),
				green("green-2", LifecycleState.PAUSED));

		assertThat(FlaggerReadiness.of(fleet, "green"))
			.isEqualTo(new FlaggerReadiness(true, "color 'green' is paused and ready: [green-1, green-2]"));
	}

	private static FleetStatus fleet(boolean readable, String active, SwitchInProgress inProgress,
			InstanceReport... instances) {
		return new FleetStatus("orders", "blue-1", readable, active, 1, inProgress, null, 1, List.of(instances));
	}

	private static InstanceReport blue(String id) {
		return report(id, "blue", LifecycleState.ACTIVE);
	}

	private static InstanceReport green(String id, LifecycleState state) {
		return report(id, "green", state);
	}

	private static InstanceReport report(String id, String color, LifecycleState state) {
		return new InstanceReport(id, color, state, 1, 1, Map.of(), List.of(), List.of(), Map.of(), NOW);
	}

}
