package io.bluegreen.benchmark;

import java.time.Duration;
import java.util.List;

import io.bluegreen.lifecycle.LifecycleState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet switch split into its parts, on journaled moments whose times are known: each
 * part starts where the one before ended, the old color's moments are its slowest
 * instance's, the new color's its fastest's, and the parts add up to the request to first
 * record.
 */
class FleetSwitchBreakdownTests {

	private static final long MS = 1_000_000L;

	private static final long T0 = 1_000 * MS;

	@Test
	void partsFollowOneAnotherAndAddUpToTheFirstRecord() {
		Journal journal = new Journal() {

			@Override
			public List<Processed> all() {
				return List.of(new Processed(0, 1, "blue", "blue-1", T0 - 50 * MS),
						new Processed(0, 2, "blue", "blue-1", T0 + 5 * MS),
						new Processed(1, 7, "blue", "blue-2", T0 + 120 * MS),
						new Processed(0, 3, "green", "green-1", T0 + 400 * MS),
						new Processed(1, 8, "green", "green-2", T0 + 390 * MS));
			}

			@Override
			public List<Transition> transitions() {
				return List.of(at("blue", "blue-1", LifecycleState.ACTIVE, LifecycleState.DRAINING, -500),
						at("blue", "blue-1", LifecycleState.ACTIVE, LifecycleState.DRAINING, 10),
						at("blue", "blue-2", LifecycleState.ACTIVE, LifecycleState.DRAINING, 20),
						at("blue", "blue-1", LifecycleState.DRAINING, LifecycleState.PAUSED, 130),
						at("blue", "blue-2", LifecycleState.DRAINING, LifecycleState.PAUSED, 150),
						at("green", "green-2", LifecycleState.PAUSED, LifecycleState.ACTIVE, 370),
						at("green", "green-1", LifecycleState.PAUSED, LifecycleState.ACTIVE, 380));
			}

		};
		FleetSwitchBreakdown.Switch done = new FleetSwitchBreakdown.Switch("green", T0, Duration.ofMillis(200),
				Duration.ofMillis(300));

		FleetSwitchBreakdown breakdown = FleetSwitchBreakdown.of("bluegreen", List.of(done), journal);

		assertThat(breakdown.parts()).extracting(FleetSwitchBreakdown.Part::name)
			.containsExactly("pause reaches the old color", "records already handed over", "drain proof",
					"confirmation", "handover", "resume reaches the new color", "first record");
		assertThat(breakdown.parts()).extracting((part) -> part.millis().p50())
			.containsExactly(20.0, 100.0, 30.0, 50.0, 100.0, 70.0, 20.0);
		assertThat(breakdown.parts().stream().mapToDouble((part) -> part.millis().p50()).sum())
			.isEqualTo(breakdown.toFirstRecordMillis().p50())
			.isEqualTo(390.0);
	}

	@Test
	void aSwitchThatNeverCompletedLeavesItsLastPartsUnknown() {
		Journal journal = new Journal();
		long requested = System.nanoTime();
		journal.transition("blue", "blue-1", LifecycleState.ACTIVE, LifecycleState.DRAINING);
		FleetSwitchBreakdown.Switch done = new FleetSwitchBreakdown.Switch("green", requested, null, null);

		FleetSwitchBreakdown breakdown = FleetSwitchBreakdown.of("bluegreen", List.of(done), journal);

		assertThat(breakdown.parts().get(0).millis().p50()).isNotNaN().isGreaterThanOrEqualTo(0.0);
		assertThat(breakdown.parts().get(1).millis().p50()).isZero();
		assertThat(breakdown.parts().subList(2, 7)).allSatisfy((part) -> assertThat(part.millis().p50()).isNaN());
		assertThat(breakdown.toFirstRecordMillis().p50()).isNaN();
	}

	/**
	 * The first switch to each color activates instances whose listeners never processed
	 * a record: the later figure leaves both out.
	 */
	@Test
	void laterSwitchesLeaveOutTheFirstSwitchToEachColor() {
		Journal journal = new Journal() {

			@Override
			public List<Processed> all() {
				return List.of(new Processed(0, 1, "green", "green-1", T0 + 300 * MS),
						new Processed(0, 2, "blue", "blue-1", T0 + 1_200 * MS),
						new Processed(0, 3, "green", "green-1", T0 + 2_050 * MS),
						new Processed(0, 4, "blue", "blue-1", T0 + 3_070 * MS));
			}

		};
		List<FleetSwitchBreakdown.Switch> switches = List.of(new FleetSwitchBreakdown.Switch("green", T0, null, null),
				new FleetSwitchBreakdown.Switch("blue", T0 + 1_000 * MS, null, null),
				new FleetSwitchBreakdown.Switch("green", T0 + 2_000 * MS, null, null),
				new FleetSwitchBreakdown.Switch("blue", T0 + 3_000 * MS, null, null));

		FleetSwitchBreakdown breakdown = FleetSwitchBreakdown.of("bluegreen", switches, journal);

		assertThat(breakdown.toFirstRecordMillis().max()).isEqualTo(300.0);
		assertThat(breakdown.laterToFirstRecordMillis().p50()).isEqualTo(50.0);
		assertThat(breakdown.laterToFirstRecordMillis().max()).isEqualTo(70.0);
	}

	private static Journal.Transition at(String color, String instance, LifecycleState from, LifecycleState to,
			long millisAfterRequest) {
		return new Journal.Transition(color, instance, from, to, T0 + millisAfterRequest * MS);
	}

}
