package io.bluegreen.fleet.simulation;

import java.security.SecureRandom;
import java.util.List;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.ListenerStatus;
import io.bluegreen.lifecycle.ManagedListeners;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the fleet protocol through thousands of seeded schedules of faults: the same fixed
 * seeds on every run, and fresh ones drawn at every run and printed, which do not lose
 * the control topic. A failing seed is named in the failure and reproduces the run with
 * {@code -Dbluegreen.simulation.seed=<seed>}.
 */
class FleetSimulationTests {

	private static final int SCHEDULES = Integer.getInteger("bluegreen.simulation.schedules", 5000);

	private static final int FRESH_SCHEDULES = Integer.getInteger("bluegreen.simulation.fresh-schedules", 500);

	/**
	 * Seeds that found defects, kept so that the defects stay fixed: 92, a decision
	 * written late replaced a later one under the one key decisions had, and after
	 * compaction a losing proposal was taken for the state; 566 and 2866, with liveness
	 * from group membership, a consumer that rejoined its group while its instance was
	 * cut off from the log was taken for gone, and consumed the old color after the
	 * handover (2866 also when admission did not wait for the instance to act on what it
	 * read); 21, the same when a catch-up returned the view already read; 77284, such a
	 * consumer's instance, its view stale, warmed the other color's group while that
	 * color was active, moving its offsets back, and the next switch repeated records;
	 * 77256, a coordinator whose reader lagged behind a compaction read only a later
	 * switch's end, was told its winning completion lost, and answered its completed
	 * switch aborted; 1038239289620368838, a fresh seed, the one instance that held the
	 * decided state lost its write of it into a recreated control topic and never wrote
	 * it again, so an instance started meanwhile never learnt it; 8250310531531052735, a
	 * fresh seed, instances that had started to read the topic when it was lost wrote the
	 * first state they had read of the compacted log into the new one as decided, and one
	 * of them consumed the old color while the other was active; 5190509522734475871, a
	 * fresh seed, an instance that had not read the decided version 4 when the topic was
	 * lost wrote version 3 into the new one and proposed a version 4 of its own before
	 * the instance that held version 4 wrote it there; 5071331, the same while the
	 * instances that held the state were silent but live through their consumers;
	 * 7061567, with proposals waiting for such instances, an instance whose last report
	 * had landed in the lost topic never reported into the new one, and a switch never
	 * ended; 11009987, a proposal to start a switch, written from a lost topic, landed in
	 * the new one, and its coordinator read it as won and completed the switch while the
	 * old color consumed; 9039166 and 20037798, a first claim of one color, written into
	 * the lost topic, landed first in the new one, and an instance that read it there
	 * consumed that color while the instances that held the other color's claim consumed
	 * theirs.
	 */
	private static final List<Long> REGRESSIONS = List.of(21L, 92L, 566L, 2866L, 77256L, 77284L, 1038239289620368838L,
			8250310531531052735L, 5190509522734475871L, 5071331L, 7061567L, 11009987L, 9039166L, 20037798L);

	@Test
	void everyScheduleKeepsTheInvariants() {
		Long only = Long.getLong("bluegreen.simulation.seed");
		LongStream seeds = (only != null) ? LongStream.of(only) : LongStream.range(0, SCHEDULES);
		seeds.forEach(FleetSimulationTests::simulate);
	}

	@Test
	void freshSchedulesKeepTheInvariants() {
		long first = new SecureRandom().nextLong(Long.MAX_VALUE - FRESH_SCHEDULES);
		// Printed so that a failure found once can be run again, and its seed kept below
		System.out.println("Fleet simulation: fresh seeds " + first + " to " + (first + FRESH_SCHEDULES - 1));
		// Without losses of the control topic: a switch that spans two losses can still
		// end
		// while an old-color instance that has not reported into the new topic consumes
		// (docs/fleet.md, Limits); the fixed seeds lose the topic
		LongStream.range(first, first + FRESH_SCHEDULES)
			.forEach((seed) -> new FleetSimulation(seed, () -> new ControlLogFold("orders"), seed % 2 == 1, false)
				.run());
	}

	/**
	 * Run the schedule of a seed: odd seeds also have a tool write garbage under the
	 * deployment's keys, and every other pair of seeds loses the control topic while
	 * instances run.
	 */
	private static void simulate(long seed) {
		new FleetSimulation(seed, () -> new ControlLogFold("orders"), seed % 2 == 1, seed % 4 >= 2).run();
	}

	@Test
	void regressionSeedsKeepTheInvariants() {
		// With the faults the seed had when it was found
		REGRESSIONS.forEach(FleetSimulationTests::simulate);
	}

	@Test
	void catchesAFollowerThatTakesALosingProposalAsTheState() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> LongStream.range(0, SCHEDULES)
				.forEach((seed) -> new FleetSimulation(seed, LastWriterWins::new).run()))
			.withMessageContaining("as the state");
	}

	@Test
	void catchesReadersThatLeaveALostControlTopicEmpty() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> LongStream.range(0, SCHEDULES)
				.forEach((seed) -> new FleetSimulation(seed, () -> new ControlLogFold("orders"), false, true, false)
					.run()))
			.withMessageContaining("control topic lost");
	}

	@Test
	void catchesALifecycleThatPausesWithRecordsInFlight() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> LongStream.range(0, SCHEDULES)
				.forEach((seed) -> new FleetSimulation(seed, () -> new ControlLogFold("orders"), false, false, true,
						PauseTakenForADrain::new)
					.run()))
			.withMessageMatching("(?s).*(two colors consume at once|processed twice).*");
	}

	@Test
	void catchesALifecycleWhoseResumeNeverReachesItsConsumers() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> LongStream.range(0, SCHEDULES)
				.forEach((seed) -> new FleetSimulation(seed, () -> new ControlLogFold("orders"), false, false, true,
						ResumeLost::new)
					.run()))
			.withMessageContaining("produced before the faults stopped");
	}

	/**
	 * A planted bug: the last proposal of a version wins instead of the first, as if a
	 * losing compare-and-set were applied.
	 */
	private static final class LastWriterWins extends ControlLogFold {

		LastWriterWins() {
			super("orders");
		}

		@Override
		protected boolean follows(@Nullable DesiredState current, DesiredState proposed) {
			return super.follows(current, proposed) || (current != null && proposed.version() == current.version()
					&& !proposed.proposalId().equals(current.proposalId()));
		}

	}

	/**
	 * The listeners a lifecycle manages, with a planted bug in what it sees of them.
	 */
	private abstract static class PlantedBug implements ManagedListeners {

		protected final ManagedListeners listener;

		PlantedBug(ManagedListeners listener) {
			this.listener = listener;
		}

		@Override
		public void validate() {
			this.listener.validate();
		}

		@Override
		public void requestPause() {
			this.listener.requestPause();
		}

		@Override
		public void requestResume() {
			this.listener.requestResume();
		}

		@Override
		public List<ListenerStatus> inspect() {
			return this.listener.inspect();
		}

		@Override
		public void onProgress(Runnable action) {
			this.listener.onProgress(action);
		}

	}

	/**
	 * A planted bug: the lifecycle takes a requested pause for a proven drain, and
	 * reports {@code PAUSED} while the consumer still has records in flight.
	 */
	private static final class PauseTakenForADrain extends PlantedBug {

		PauseTakenForADrain(ManagedListeners listener) {
			super(listener);
		}

		@Override
		public List<ListenerStatus> inspect() {
			return this.listener.inspect()
				.stream()
				.map((status) -> status.pauseRequested() ? new ListenerStatus(status.id(), status.groupId(),
						LifecycleState.PAUSED, status.running(), true, status.consumerPaused(),
						status.assignedPartitions(), status.pausedPartitions(), List.of(), 0) : status)
				.toList();
		}

	}

	/**
	 * A planted bug: the lifecycle reports {@code ACTIVE} but never asks its consumers to
	 * resume.
	 */
	private static final class ResumeLost extends PlantedBug {

		ResumeLost(ManagedListeners listener) {
			super(listener);
		}

		@Override
		public void requestResume() {
		}

	}

}
