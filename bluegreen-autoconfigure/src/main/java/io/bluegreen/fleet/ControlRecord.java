package io.bluegreen.fleet;

/**
 * A record of the control log of one deployment. Each kind has its own key, and the log
 * keeps at least the last record of every key (it may be compacted), so the keys are
 * chosen such that compaction never changes what a reader decides:
 * <ul>
 * <li>a {@link Proposal} has a key of its own, so a losing proposal never replaces the
 * winner of its version;</li>
 * <li>a {@link Decision} repeats a won proposal under a key of its version, so a decision
 * written late never replaces a later one;</li>
 * <li>a {@link ProposalRemoval} deletes a proposal, and a {@link DecisionRemoval} an
 * earlier decision, once a later decision covers them;</li>
 * <li>a {@link Report} and its {@link Withdrawal} share the key of their instance.</li>
 * </ul>
 *
 * @author bluegreen
 */
public sealed interface ControlRecord {

	/**
	 * A proposed next desired state. It wins if it is the first proposal of its version
	 * read after the decided state it follows.
	 *
	 * @param state the proposed state
	 */
	record Proposal(DesiredState state) implements ControlRecord {

	}

	/**
	 * A desired state that was decided, repeated by an instance that read the decision.
	 *
	 * @param state the decided state
	 */
	record Decision(DesiredState state) implements ControlRecord {

	}

	/**
	 * The deletion of a proposal that a decision covers.
	 *
	 * @param proposalId the id of the proposal
	 */
	record ProposalRemoval(String proposalId) implements ControlRecord {

	}

	/**
	 * The deletion of a decision that a later decision covers.
	 *
	 * @param version the version of the decision
	 */
	record DecisionRemoval(long version) implements ControlRecord {

	}

	/**
	 * The report of an instance.
	 *
	 * @param report the report
	 */
	record Report(InstanceReport report) implements ControlRecord {

	}

	/**
	 * The withdrawal of an instance's report, written when it stops.
	 *
	 * @param instanceId the id of the instance
	 */
	record Withdrawal(String instanceId) implements ControlRecord {

	}

}
