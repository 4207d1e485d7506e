package io.bluegreen.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.VirtualScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the proposer reads the log's decision on a proposal, without a broker: won or lost
 * when the view shows the winner of the proposal's version, unknown when it does not; and
 * when it holds a proposal back unwritten.
 */
class ProposerTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(10);

	private final VirtualScheduler time = new VirtualScheduler();

	private final DesiredState decided = DesiredState.initial("p-1", "blue", "blue-1", NOW);

	private final DesiredState proposed = this.decided.start("p-2",
			new SwitchInProgress("switch-1", "blue", "green", 2, "blue-1", NOW, NOW.plusSeconds(30), null, null), NOW);

	private final MovingLog log = new MovingLog();

	// The members of the colors' groups, which keep an instance live without reports
	private final Set<String> members = new HashSet<>();

	private final Proposer proposer = new Proposer(settings(),
			new Liveness(settings(), (group) -> CompletableFuture.completedFuture(Set.copyOf(this.members))), this.log,
			new VirtualExecutor(), () -> "id", Duration.ofSeconds(5));

	@Test
	void aProposalThatIsTheDecidedStateOfItsVersionWon() {
		CompletableFuture<Proposer.Decision> decision = this.proposer.propose(this.proposed);

		this.log.move(view(this.proposed, Map.of(1L, "p-1", 2L, "p-2")));

		assertThat(decision).isCompletedWithValueMatching((won) -> won.verdict() == Proposer.Verdict.WON);
	}

	@Test
	void aProposalWhoseVersionAnotherProposalWonLost() {
		CompletableFuture<Proposer.Decision> decision = this.proposer.propose(this.proposed);
		DesiredState other = this.decided.start("p-other",
				new SwitchInProgress("switch-2", "blue", "green", 2, "blue-2", NOW, NOW.plusSeconds(30), null, null),
				NOW);

		this.log.move(view(other, Map.of(1L, "p-1", 2L, "p-other")));

		assertThat(decision).isCompletedWithValueMatching((lost) -> lost.verdict() == Proposer.Verdict.LOST);
	}

	/**
	 * Regression test of a proposal taken for lost when the view no longer showed its
	 * version's winner, as for a reader that lagged behind a compaction and met a later
	 * decision first: the proposal may have won, and a coordinator that took it for lost
	 * reported a switch as aborted or conflicting although it may have completed.
	 */
	@Test
	void aProposalWhoseVersionTheViewDoesNotShowIsUnknownNotLost() {
		CompletableFuture<Proposer.Decision> decision = this.proposer.propose(this.proposed);
		DesiredState later = this.proposed.complete("p-3", Map.of(), "blue-1", NOW);

		this.log.move(view(later, Map.of(3L, "p-3")));

		assertThat(decision).isCompleted();
		Proposer.Decision unknown = decision.join();
		assertThat(unknown.verdict()).isEqualTo(Proposer.Verdict.UNKNOWN);
		assertThat(unknown.current()).isEqualTo(later);
		assertThat(unknown.problem()).contains("version 2", "version 3");
		assertThat(this.log.appended).as("decisions repeated").isEmpty();
	}

	/**
	 * Regression test of a switch started on a control topic that was lost and created
	 * anew, found by the simulation (seed 5190509522734475871): an instance that had not
	 * read version 4 wrote the state it held, version 3, into the new topic and proposed
	 * a version 4 of its own before the instance that held the decided version 4 wrote it
	 * there. The fleet followed two different states of version 4.
	 */
	@Test
	void aProposalWaitsUnwrittenWhileALiveInstanceReportsItsVersionAndLosesToTheStateItWaitedFor() {
		this.log.move(view(this.decided, Map.of(1L, "p-1"), report("green-1", 2, NOW.minusSeconds(1))));

		CompletableFuture<Proposer.Decision> decision = this.proposer.propose(this.proposed);
		this.time.runFor(Duration.ofSeconds(1));

		assertThat(this.log.proposals).as("proposals written").isEmpty();
		assertThat(decision).isNotDone();
		DesiredState rewritten = this.decided.start("p-other",
				new SwitchInProgress("switch-2", "blue", "green", 2, "green-1", NOW, NOW.plusSeconds(30), null, null),
				NOW);
		this.log.move(view(rewritten, Map.of(1L, "p-1", 2L, "p-other")));

		assertThat(decision).isCompletedWithValueMatching((lost) -> lost.verdict() == Proposer.Verdict.LOST);
		assertThat(this.log.proposals).as("proposals written").isEmpty();
	}

	@Test
	void aHeldProposalIsWrittenOnceTheInstanceThatHeldItIsGone() {
		this.log.move(view(this.decided, Map.of(1L, "p-1"), report("green-1", 2, NOW.minusSeconds(8))));

		CompletableFuture<Proposer.Decision> decision = this.proposer.propose(this.proposed);
		this.time.runFor(Duration.ofMillis(1500));
		assertThat(this.log.proposals).as("proposals written while its report is recent").isEmpty();
		// Its report is older than the instance timeout, and its consumer left its group
		this.time.runFor(Duration.ofMillis(1000));

		assertThat(this.log.proposals).containsExactly(this.proposed);
		this.log.move(view(this.proposed, Map.of(1L, "p-1", 2L, "p-2")));
		assertThat(decision).isCompletedWithValueMatching((won) -> won.verdict() == Proposer.Verdict.WON);
	}

	/**
	 * An instance whose consumers are members of their groups is live without reports: it
	 * may be cut off from the control topic, and write the state it holds when it is
	 * back.
	 */
	@Test
	void anInstanceWhoseConsumersAreInTheirGroupsHoldsAProposalUntilItTimesOut() {
		this.members.add("green-1-member");
		this.log.move(view(this.decided, Map.of(1L, "p-1"), report("green-1", 3, NOW.minusSeconds(60))));

		CompletableFuture<Proposer.Decision> decision = this.proposer.propose(this.proposed);
		this.time.runFor(Duration.ofSeconds(5));

		assertThat(decision).isCompleted();
		assertThat(decision.join().verdict()).isEqualTo(Proposer.Verdict.UNKNOWN);
		assertThat(decision.join().problem()).contains("not written", "instance green-1 reports version 3");
		assertThat(this.log.proposals).as("proposals written").isEmpty();
	}

	/**
	 * Regression test of a first state claimed on a control topic created anew, found by
	 * the simulation (seed 5034450): an instance that had not read version 1 before the
	 * topic was lost claimed its color as version 1 of the new topic before the instances
	 * that had applied version 1 reported or wrote it there.
	 */
	@Test
	void anInstanceThatReportedBeforeTheTopicWasCreatedAnewHoldsAProposalUntilItReportsAgain() {
		InstanceReport former = report("green-1", 1, NOW);
		this.log.move(new FleetView("orders", true, 10, this.decided, Map.of(1L, "p-1"), Map.of(), List.of(),
				Map.of("green-1", former), 1));

		this.proposer.propose(this.proposed);
		this.time.runFor(Duration.ofSeconds(1));
		assertThat(this.log.proposals).as("proposals written before it reports again").isEmpty();
		this.log.move(new FleetView("orders", true, 11, this.decided, Map.of(1L, "p-1"),
				Map.of("green-1", report("green-1", 1, NOW.plusSeconds(1))), List.of(), Map.of(), 1));
		this.time.runFor(Duration.ZERO);

		assertThat(this.log.proposals).containsExactly(this.proposed);
	}

	/**
	 * Regression test of a switch driven to its end on a proposal that crossed a lost
	 * control topic, found by the simulation (seed 11009987): the proposal to start it,
	 * written from the lost topic, landed in the new one and was read as won; the
	 * coordinator completed the switch while the old color still consumed.
	 */
	@Test
	void aProposalWonInATopicCreatedAnewAfterItWasWrittenIsUnknownAndItsDecisionIsRepeated() {
		CompletableFuture<Proposer.Decision> decision = this.proposer.propose(this.proposed);
		this.time.runFor(Duration.ZERO);
		assertThat(this.log.proposals).containsExactly(this.proposed);

		this.log
			.move(new FleetView("orders", true, 3, this.proposed, Map.of(2L, "p-2"), Map.of(), List.of(), Map.of(), 1));

		assertThat(decision).isCompleted();
		assertThat(decision.join().verdict()).isEqualTo(Proposer.Verdict.UNKNOWN);
		assertThat(decision.join().problem()).contains("created anew");
		assertThat(this.log.appended).as("decisions repeated")
			.containsExactly(new ControlRecord.Decision(this.proposed));
	}

	/**
	 * A first state that crossed a lost control topic is not repeated as a decision: it
	 * stays a proposal that every reader doubts until no other color consumes, where a
	 * decision would make the readers that did not propose it follow it at once (found by
	 * a review of the fix of simulation seeds 9039166 and 20037798).
	 */
	@Test
	void aFirstStateWonInATopicCreatedAnewAfterItWasWrittenIsUnknownAndNotRepeated() {
		this.log.move(new FleetView("orders", true, 0, null, Map.of(), Map.of(), List.of()));
		CompletableFuture<Proposer.Decision> decision = this.proposer.propose(this.decided);
		this.time.runFor(Duration.ZERO);
		assertThat(this.log.proposals).containsExactly(this.decided);

		this.log.move(new FleetView("orders", true, 1, this.decided, Map.of(1L, "p-1"), Map.of(), List.of(), Map.of(),
				1, true));

		assertThat(decision).isCompleted();
		assertThat(decision.join().verdict()).isEqualTo(Proposer.Verdict.UNKNOWN);
		assertThat(this.log.appended).as("decisions repeated").isEmpty();
	}

	@Test
	void reportsOfTheDecidedVersionOrOlderHoldNothing() {
		this.log.move(view(this.decided, Map.of(1L, "p-1"), report("green-1", 1, NOW)));

		this.proposer.propose(this.proposed);
		this.time.runFor(Duration.ZERO);

		assertThat(this.log.proposals).containsExactly(this.proposed);
	}

	private static InstanceReport report(String instanceId, long version, Instant reportedAt) {
		return new InstanceReport(instanceId, "green", LifecycleState.PAUSED, 1, version,
				Map.of("orders", "orders-green"), List.of(instanceId + "-member"), List.of(), Map.of(), reportedAt);
	}

	private FleetSettings settings() {
		return new FleetSettings("orders", "blue-1", "blue", List.of("blue", "green"), LifecycleState.ACTIVE,
				Duration.ofSeconds(30), Duration.ofSeconds(1), INSTANCE_TIMEOUT, Duration.ofSeconds(5),
				Duration.ofSeconds(60), this.time);
	}

	private static FleetView view(DesiredState desired, Map<Long, String> decisions, InstanceReport... reports) {
		Map<String, InstanceReport> byInstance = new HashMap<>();
		for (InstanceReport report : reports) {
			byInstance.put(report.instanceId(), report);
		}
		return new FleetView("orders", true, 10, desired, decisions, byInstance, List.of());
	}

	/**
	 * Runs the proposer's work on the test's virtual time.
	 */
	private final class VirtualExecutor implements FleetExecutor {

		@Override
		public void execute(Runnable task) {
			task.run();
		}

		@Override
		public Cancellable schedule(Runnable task, Duration delay) {
			return ProposerTests.this.time.schedule(task, ProposerTests.this.time.instant().plus(delay))::cancel;
		}

	}

	/**
	 * A log whose view the test moves, as a reader does when it reads on.
	 */
	private final class MovingLog implements ControlLog {

		private final List<Consumer<FleetView>> listeners = new ArrayList<>();

		private final List<ControlRecord> appended = new ArrayList<>();

		private final List<DesiredState> proposals = new ArrayList<>();

		private FleetView view = ProposerTests.view(ProposerTests.this.decided, Map.of(1L, "p-1"));

		void move(FleetView view) {
			this.view = view;
			this.listeners.forEach((listener) -> listener.accept(view));
		}

		@Override
		public FleetView view() {
			return this.view;
		}

		@Override
		public boolean awaitReadable(Duration timeout) {
			return true;
		}

		@Override
		public void onChange(Consumer<FleetView> listener) {
			this.listeners.add(listener);
		}

		@Override
		public CompletableFuture<FleetView> caughtUp() {
			return CompletableFuture.completedFuture(this.view);
		}

		@Override
		public CompletableFuture<Long> append(ControlRecord record) {
			if (record instanceof ControlRecord.Proposal proposal) {
				this.proposals.add(proposal.state());
			}
			else {
				this.appended.add(record);
			}
			return CompletableFuture.completedFuture(0L);
		}

		@Override
		public ControlRecordRefusals refusals() {
			return new ControlRecordRefusals();
		}

	}

}
