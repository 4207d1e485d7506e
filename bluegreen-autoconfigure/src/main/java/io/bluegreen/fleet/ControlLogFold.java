package io.bluegreen.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Folds the records of a deployment's control log, in log order, into the decided desired
 * state and the instances' reports. The rule is compare-and-set by version: a proposal is
 * decided if it is the first proposal of the version that follows the decided state.
 * <p>
 * The log may be compacted: the proposals and decisions that a later decision covers are
 * removed. So a reader that starts from the beginning of a compacted log may meet
 * proposals whose predecessors are gone; it holds them back until a decision catches up
 * with them, and it drops every proposal whose version is already decided. A decision
 * always wins over a proposal of its version that was taken for decided because the
 * winner was gone. The state it reaches at the end of the log is the state a reader of
 * the whole log reaches; in between it may differ, which is why a view is only taken at
 * the end of the log.
 * <p>
 * A state counts only if the protocol can have written it ({@link StateRules}): a
 * proposal must follow the decided state, and so must a decision of the next version
 * unless its proposal was read; a decision of a later version, as a reader that lags
 * behind a compaction meets, must not go back in epochs. What the fold refuses is counted
 * in its {@link ControlRecordRefusals}.
 * <p>
 * Not thread-safe: one reader folds, and hands out immutable views.
 *
 * @author bluegreen
 */
public class ControlLogFold {

	private static final int DECISIONS_KEPT = 64;

	/**
	 * Prefix of the ids the codec gives the proposals of versions before proposals had
	 * ids of their own.
	 */
	public static final String LEGACY_PREFIX = "legacy-";

	private final String deployment;

	private final ControlRecordRefusals refusals;

	private @Nullable DesiredState desired;

	// The decided state before the desired one, if the fold decided it
	private @Nullable DesiredState previous;

	// Whether a decision record of the desired state was read: a state decided from a
	// proposal may be a loser whose winner compaction removed
	private boolean confirmed;

	// Whether the decided state is a first one, taken from its proposal with nothing
	// decided before it, that no decision confirmed yet
	private boolean provisional;

	private final TreeMap<Long, String> decisions = new TreeMap<>();

	private final List<DesiredState> heldBack = new ArrayList<>();

	// By identity: each held-back proposal is counted once, however often it is looked at
	private final Set<DesiredState> refusedProposals = Collections.newSetFromMap(new IdentityHashMap<>());

	private final Map<String, Long> proposals = new LinkedHashMap<>();

	private final TreeSet<Long> decisionsInLog = new TreeSet<>();

	private final Map<String, InstanceReport> reports = new HashMap<>();

	// The reports read before the log was replaced, of instances that have not reported
	// since
	private final Map<String, InstanceReport> formerReports = new HashMap<>();

	// How many times the log was replaced
	private int topics;

	/**
	 * Create a fold of the records of a deployment.
	 * @param deployment the deployment
	 */
	public ControlLogFold(String deployment) {
		this(deployment, new ControlRecordRefusals());
	}

	/**
	 * Create a fold of the records of a deployment.
	 * @param deployment the deployment
	 * @param refusals where the records the fold refuses are counted
	 */
	public ControlLogFold(String deployment, ControlRecordRefusals refusals) {
		this.deployment = deployment;
		this.refusals = refusals;
	}

	/**
	 * Return the records this fold, and the reader that feeds it, refused.
	 * @return the refusals
	 */
	public ControlRecordRefusals refusals() {
		return this.refusals;
	}

	/**
	 * Apply the next record of the log.
	 * @param record the record
	 */
	public void apply(ControlRecord record) {
		if (record instanceof ControlRecord.Proposal proposal) {
			DesiredState state = proposal.state();
			this.proposals.put(state.proposalId(), state.version());
			this.heldBack.add(state);
			decideHeldBack();
		}
		else if (record instanceof ControlRecord.Decision decision) {
			applyDecision(decision.state());
		}
		else if (record instanceof ControlRecord.ProposalRemoval removal) {
			this.proposals.remove(removal.proposalId());
		}
		else if (record instanceof ControlRecord.DecisionRemoval removal) {
			this.decisionsInLog.remove(removal.version());
		}
		else if (record instanceof ControlRecord.Report report) {
			this.reports.put(report.report().instanceId(), report.report());
			this.formerReports.remove(report.report().instanceId());
		}
		else if (record instanceof ControlRecord.Withdrawal withdrawal) {
			this.reports.remove(withdrawal.instanceId());
			this.formerReports.remove(withdrawal.instanceId());
		}
	}

	private void applyDecision(DesiredState state) {
		DesiredState desired = this.desired;
		boolean later = desired == null || state.version() > desired.version();
		boolean replacing = desired != null && state.version() == desired.version()
				&& !state.proposalId().equals(desired.proposalId());
		if (!later && !replacing) {
			// Its version is decided already: read again, or repeated late
			this.decisionsInLog.add(state.version());
			if (desired != null && state.proposalId().equals(desired.proposalId())) {
				this.confirmed = true;
				this.provisional = false;
			}
			return;
		}
		String refusal = later ? refusalOfLater(desired, state) : refusalOfReplacing(state);
		if (refusal != null) {
			this.refusals.refuse("decision " + state.proposalId() + " of version " + state.version(), -1,
					ControlRecordProblem.INCONSISTENT, refusal);
			return;
		}
		this.decisionsInLog.add(state.version());
		decide(state);
		this.confirmed = true;
		this.provisional = false;
		decideHeldBack();
	}

	private @Nullable String refusalOfLater(@Nullable DesiredState desired, DesiredState state) {
		String inconsistency = StateRules.inconsistency(state);
		if (inconsistency != null) {
			return inconsistency;
		}
		if (desired == null) {
			// The first state of the deployment, or of what compaction left of its log
			return null;
		}
		if (state.version() == desired.version() + 1) {
			String transition = StateRules.transition(desired, state);
			// Its proposal was read, or the state it does not follow was decided from a
			// proposal no decision confirmed: a loser taken for decided because the
			// winner of its version was compacted away
			return (transition == null || wasProposed(state) || (!this.confirmed && state.epoch() >= desired.epoch()))
					? null : transition;
		}
		// A reader that lags behind a compaction skips the states in between
		return (state.epoch() >= desired.epoch()) ? null
				: "it goes back from epoch " + desired.epoch() + " to " + state.epoch();
	}

	private @Nullable String refusalOfReplacing(DesiredState state) {
		// A proposal of its version was taken for decided because the winner was
		// compacted away: the decision names the winner, which follows the state before
		DesiredState previous = this.previous;
		String inconsistency = StateRules.inconsistency(state);
		if (inconsistency != null) {
			return inconsistency;
		}
		if (wasProposed(state) || previous == null || previous.version() != state.version() - 1) {
			return null;
		}
		return StateRules.transition(previous, state);
	}

	private boolean wasProposed(DesiredState state) {
		Long version = this.proposals.get(state.proposalId());
		return version != null && version == state.version();
	}

	/**
	 * Return whether a proposal follows the decided state.
	 * @param current the decided state, or {@code null}
	 * @param proposed the proposal
	 * @return whether it wins, if nothing of its version was decided before
	 */
	protected boolean follows(@Nullable DesiredState current, DesiredState proposed) {
		return (current != null) ? proposed.version() == current.version() + 1 : proposed.version() == 1;
	}

	private void decideHeldBack() {
		boolean decided = true;
		while (decided) {
			decided = false;
			Iterator<DesiredState> candidates = this.heldBack.iterator();
			while (candidates.hasNext()) {
				DesiredState candidate = candidates.next();
				if (follows(this.desired, candidate)) {
					// Only a successor is checked: a subclass may decide otherwise
					String refusal = StateRules.inconsistency(candidate);
					if (refusal == null && this.desired != null && candidate.version() == this.desired.version() + 1) {
						refusal = StateRules.transition(this.desired, candidate);
					}
					if (refusal == null) {
						candidates.remove();
						this.provisional = this.desired == null;
						decide(candidate);
						this.confirmed = false;
						decided = true;
						break;
					}
					// Held back: a decision of its version that replaces the state may
					// make it follow
					if (this.refusedProposals.add(candidate)) {
						this.refusals.refuse(
								"proposal " + candidate.proposalId() + " of version " + candidate.version(), -1,
								ControlRecordProblem.INCONSISTENT, refusal);
					}
					continue;
				}
				if (this.desired != null && candidate.version() <= this.desired.version()) {
					// Its version is decided: it lost, or it is a decision read again
					candidates.remove();
					this.refusedProposals.remove(candidate);
				}
			}
		}
	}

	private void decide(DesiredState state) {
		if (this.desired != null && state.version() > this.desired.version()) {
			this.previous = this.desired;
		}
		this.desired = state;
		this.decisions.put(state.version(), state.proposalId());
		while (this.decisions.size() > DECISIONS_KEPT) {
			this.decisions.pollFirstEntry();
		}
	}

	/**
	 * Start folding a log that replaces the one folded so far, such as a control topic
	 * that was deleted and created anew: the decided state is kept, and what the old log
	 * held beside it (proposals, decisions to remove) is forgotten, and its reports are
	 * kept apart as former reports until their instances report again. A reader that
	 * never read to the end of the old log keeps nothing: the state it folded from the
	 * start of a compacted log may be an old one, which it would carry into the new log
	 * as decided.
	 * @param keepDecided whether the reader read to the end of the old log and keeps the
	 * decided state
	 */
	public void newLog(boolean keepDecided) {
		if (!keepDecided) {
			this.desired = null;
			this.previous = null;
			this.confirmed = false;
			this.provisional = false;
			this.decisions.clear();
		}
		this.topics++;
		this.formerReports.putAll(this.reports);
		this.reports.clear();
		this.proposals.clear();
		this.heldBack.clear();
		this.refusedProposals.clear();
		this.decisionsInLog.clear();
	}

	/**
	 * Return the decided state.
	 * @return the state, or {@code null} if nothing is decided
	 */
	public @Nullable DesiredState desired() {
		return this.desired;
	}

	/**
	 * Return the removals that the decided state allows, once its decision is in the log:
	 * the proposals of its version and before, and the earlier decisions.
	 */
	private List<ControlRecord> removable() {
		DesiredState desired = this.desired;
		if (desired == null) {
			return List.of();
		}
		List<ControlRecord> removable = new ArrayList<>();
		this.proposals.forEach((id, version) -> {
			if (version <= desired.version()) {
				removable.add(new ControlRecord.ProposalRemoval(id));
			}
		});
		this.decisionsInLog.headSet(desired.version())
			.forEach((version) -> removable.add(new ControlRecord.DecisionRemoval(version)));
		return removable;
	}

	/**
	 * Return a view of what was folded.
	 * @param position the position of the log up to which it was folded
	 * @return the view
	 */
	public FleetView view(long position) {
		return new FleetView(this.deployment, true, position, this.desired, Map.copyOf(this.decisions),
				Map.copyOf(this.reports), removable(), Map.copyOf(this.formerReports), this.topics, this.provisional);
	}

}
