package io.bluegreen.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the proposer reads the log's decision on a proposal, without a broker: won or lost
 * when the view shows the winner of the proposal's version, unknown when it does not.
 */
class ProposerTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final DesiredState decided = DesiredState.initial("p-1", "blue", "blue-1", NOW);

	private final DesiredState proposed = this.decided.start("p-2",
			new SwitchInProgress("switch-1", "blue", "green", 2, "blue-1", NOW, NOW.plusSeconds(30), null, null), NOW);

	private final MovingLog log = new MovingLog();

	private final Proposer proposer = new Proposer(this.log, new ImmediateExecutor(), () -> "id",
			Duration.ofSeconds(5));

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

	private static FleetView view(DesiredState desired, Map<Long, String> decisions) {
		return new FleetView("orders", true, 10, desired, decisions, Map.of(), List.of());
	}

	private static final class ImmediateExecutor implements FleetExecutor {

		@Override
		public void execute(Runnable task) {
			task.run();
		}

		@Override
		public Cancellable schedule(Runnable task, Duration delay) {
			return () -> {
			};
		}

	}

	/**
	 * A log whose view the test moves, as a reader does when it reads on.
	 */
	private final class MovingLog implements ControlLog {

		private final List<Consumer<FleetView>> listeners = new ArrayList<>();

		private final List<ControlRecord> appended = new ArrayList<>();

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
			if (!(record instanceof ControlRecord.Proposal)) {
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
