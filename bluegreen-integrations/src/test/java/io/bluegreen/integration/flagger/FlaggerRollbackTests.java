package io.bluegreen.integration.flagger;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.SwitchInProgress;
import io.bluegreen.fleet.SwitchOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flagger's {@code rollback} decision as the function of the fleet's status it is.
 */
class FlaggerRollbackTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final FlaggerRollback NONE = new FlaggerRollback(false,
			"no rollback: the last switch to 'green' did not abort");

	@Test
	void wantedWhenTheLastSwitchToTheColorAborted() {
		FleetStatus fleet = fleet("blue", null, ended("green", SwitchOutcome.ABORTED));

		assertThat(FlaggerRollback.of(fleet, "green")).isEqualTo(new FlaggerRollback(true,
				"roll back: switch s-1 to 'green' aborted: green-1 did not confirm; 'blue' stays active"));
	}

	@Test
	void notWantedBeforeAnySwitch() {
		assertThat(FlaggerRollback.of(fleet("blue", null, null), "green")).isEqualTo(NONE);
	}

	@Test
	void notWantedWhenTheLastSwitchToTheColorCompleted() {
		assertThat(FlaggerRollback.of(fleet("blue", null, ended("green", SwitchOutcome.COMPLETED)), "green"))
			.isEqualTo(NONE);
	}

	@Test
	void notWantedWhenTheLastSwitchWentToAnotherColor() {
		assertThat(FlaggerRollback.of(fleet("blue", null, ended("blue", SwitchOutcome.ABORTED)), "green"))
			.isEqualTo(NONE);
	}

	@Test
	void notWantedWhileASwitchIsInProgress() {
		SwitchInProgress retry = new SwitchInProgress("s-2", "blue", "green", 3, "blue-1", NOW, NOW.plusSeconds(30));

		assertThat(FlaggerRollback.of(fleet("blue", retry, ended("green", SwitchOutcome.ABORTED)), "green"))
			.isEqualTo(NONE);
	}

	@Test
	void notWantedWhenTheColorIsActive() {
		assertThat(FlaggerRollback.of(fleet("green", null, ended("green", SwitchOutcome.ABORTED)), "green"))
			.isEqualTo(NONE);
	}

	private static FleetStatus fleet(String active, SwitchInProgress inProgress, EndedSwitch last) {
		return new FleetStatus("orders", "blue-1", true, active, 2, inProgress, last, 1, List.of());
	}

	private static EndedSwitch ended(String to, SwitchOutcome outcome) {
		String from = to.equals("green") ? "blue" : "green";
		String reason = (outcome == SwitchOutcome.ABORTED) ? to + "-1 did not confirm" : null;
		return new EndedSwitch("s-1", from, to, 2, outcome, reason, List.of(), NOW.minusSeconds(5), NOW);
	}

}
