package io.bluegreen.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fold accepts of well-formed records: only states that follow the log. Before,
 * a decision of a later version was taken whatever it said, so a forged
 * {@code decided/<deployment>/<n>} record made a color active at once, without a drain or
 * a handover.
 */
class ControlLogFoldTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final ControlLogFold fold = new ControlLogFold("orders");

	private final DesiredState initial = DesiredState.initial("p-1", "blue", "blue-1", NOW);

	private final DesiredState started = this.initial.start("p-2",
			new SwitchInProgress("s-1", "blue", "green", 2, "green-1", NOW, NOW.plusSeconds(30)), NOW);

	private final DesiredState completed = this.started.complete("p-3", Map.of(), "green-1", NOW);

	@Test
	void aForgedDecisionThatMakesAColorActiveAtOnceIsRefused() {
		this.fold.apply(new ControlRecord.Proposal(this.initial));
		DesiredState forged = new DesiredState("forged", 2, "green", 2, null, Map.of(), null, "tool", NOW);

		this.fold.apply(new ControlRecord.Decision(forged));

		assertThat(this.fold.desired()).isEqualTo(this.initial);
		assertThat(this.fold.refusals().count(ControlRecordProblem.INCONSISTENT)).isEqualTo(1);
	}

	@Test
	void aForgedDecisionWithAMadeUpLastSwitchThatDoesNotFollowIsRefused() {
		this.fold.apply(new ControlRecord.Proposal(this.initial));
		this.fold.apply(new ControlRecord.Decision(this.initial));
		DesiredState forged = new DesiredState("forged", 2, "green", 2, null, Map.of(),
				new EndedSwitch("s-9", "blue", "green", 2, SwitchOutcome.COMPLETED, null, List.of(), NOW, NOW), "tool",
				NOW);

		this.fold.apply(new ControlRecord.Decision(forged));

		assertThat(this.fold.desired()).isEqualTo(this.initial);
	}

	@Test
	void aProposalThatDoesNotFollowNeverWinsItsVersion() {
		this.fold.apply(new ControlRecord.Proposal(this.initial));
		DesiredState forged = new DesiredState("forged", 2, "green", 1, null, Map.of(), null, "tool", NOW);

		this.fold.apply(new ControlRecord.Proposal(forged));
		assertThat(this.fold.desired()).isEqualTo(this.initial);
		this.fold.apply(new ControlRecord.Proposal(this.started));

		assertThat(this.fold.desired()).isEqualTo(this.started);
		assertThat(this.fold.refusals().counts()).containsEntry("inconsistent", 1L);
	}

	@Test
	void aDecisionThatEndsASwitchNotInProgressIsRefused() {
		this.fold.apply(new ControlRecord.Proposal(this.initial));
		this.fold.apply(new ControlRecord.Decision(this.initial));

		this.fold.apply(new ControlRecord.Decision(
				new DesiredState("p-5", 2, "green", 2, null, Map.of(), this.completed.lastSwitch(), "tool", NOW)));

		assertThat(this.fold.desired()).isEqualTo(this.initial);
	}

	@Test
	void aReaderBehindACompactionTakesALaterConsistentDecision() {
		this.fold.apply(new ControlRecord.Proposal(this.initial));

		this.fold.apply(new ControlRecord.Decision(this.completed));

		assertThat(this.fold.desired()).isEqualTo(this.completed);
		assertThat(this.fold.refusals().counts()).isEmpty();
	}

	/**
	 * Seed 65130: a late proposal of version 1 was taken for decided because the winner
	 * was compacted away, and the decision of version 2 follows the winner.
	 */
	@Test
	void aDecisionThatFollowsTheWinnerReplacesALoserTakenForDecided() {
		DesiredState loser = DesiredState.initial("p-0", "green", "green-2", NOW);
		this.fold.apply(new ControlRecord.Proposal(loser));

		this.fold.apply(new ControlRecord.Decision(this.started));

		assertThat(this.fold.desired()).isEqualTo(this.started);
	}

	@Test
	void aDecisionThatGoesBackInEpochsIsRefused() {
		this.fold.apply(new ControlRecord.Decision(this.completed));
		DesiredState older = new DesiredState("old", 9, "blue", 1, null, Map.of(), null, "tool", NOW);

		this.fold.apply(new ControlRecord.Decision(older));

		assertThat(this.fold.desired()).isEqualTo(this.completed);
	}

	@Test
	void theStateOfALostTopicIsTakenAsTheFirstStateOfTheNewOne() {
		this.fold.apply(new ControlRecord.Proposal(this.initial));
		this.fold.apply(new ControlRecord.Proposal(this.started));
		this.fold.apply(new ControlRecord.Proposal(this.completed));

		this.fold.newLog(true);
		this.fold.apply(new ControlRecord.Decision(this.completed));

		assertThat(this.fold.desired()).isEqualTo(this.completed);
		assertThat(this.fold.view(0).reports()).isEmpty();
	}

	@Test
	void aStateFoldedFromPartOfALostTopicIsNotCarriedIntoTheNewOne() {
		this.fold.apply(new ControlRecord.Proposal(this.initial));
		this.fold.apply(new ControlRecord.Proposal(this.started));
		this.fold.apply(new ControlRecord.Proposal(this.completed));

		this.fold.newLog(false);

		assertThat(this.fold.desired()).isNull();
		assertThat(this.fold.view(0).decisions()).isEmpty();
		this.fold.apply(new ControlRecord.Decision(this.completed));
		assertThat(this.fold.desired()).isEqualTo(this.completed);
	}

	@Test
	void aFirstStateReadOnlyAsItsProposalIsProvisionalUntilADecisionConfirmsIt() {
		this.fold.apply(new ControlRecord.Proposal(this.initial));
		assertThat(this.fold.view(1).provisional()).isTrue();

		this.fold.apply(new ControlRecord.Decision(this.initial));

		assertThat(this.fold.view(2).provisional()).isFalse();
	}

	@Test
	void aStateThatFollowsADecidedOneIsNotProvisional() {
		this.fold.apply(new ControlRecord.Proposal(this.initial));
		this.fold.apply(new ControlRecord.Proposal(this.started));

		assertThat(this.fold.desired()).isEqualTo(this.started);
		assertThat(this.fold.view(2).provisional()).isFalse();
	}

	/**
	 * A claim written into a control topic that was lost can land late in the one created
	 * anew, where it is the first state a new reader reads; the instances that held the
	 * state of the lost topic write it again, and their decision replaces the claim.
	 */
	@Test
	void aDecisionOfItsVersionReplacesAProvisionalClaim() {
		DesiredState lateClaim = DesiredState.initial("late", "green", "green-1", NOW);
		this.fold.apply(new ControlRecord.Proposal(lateClaim));
		assertThat(this.fold.view(1).provisional()).isTrue();

		this.fold.apply(new ControlRecord.Decision(this.initial));

		assertThat(this.fold.desired()).isEqualTo(this.initial);
		assertThat(this.fold.view(2).provisional()).isFalse();
	}

}
