package io.bluegreen.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * winner was gone. The state it reaches at the end of the log is the state a
 * reader of the whole log reaches; in between it may differ, which is why a view is only
 * taken at the end of the log.
 * <p>
 * Not thread-safe: one reader folds, and hands out immutable views.
 *
 * @author bluegreen
 */
public class ControlLogFold {

	private static final int DECISIONS_KEPT = 64;

	private final String deployment;

	private @Nullable DesiredState desired;

	private final TreeMap<Long, String> decisions = new TreeMap<>();

	private final List<DesiredState> heldBack = new ArrayList<>();

	private final Map<String, Long> proposals = new LinkedHashMap<>();

	private final TreeSet<Long> decisionsInLog = new TreeSet<>();

	private final Map<String, InstanceReport> reports = new HashMap<>();

	/**
	 * Create a fold of the records of a deployment.
	 * @param deployment the deployment
	 */
	public ControlLogFold(String deployment) {
		this.deployment = deployment;
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
			DesiredState state = decision.state();
			this.decisionsInLog.add(state.version());
			if (this.desired == null || state.version() > this.desired.version()
					|| (state.version() == this.desired.version()
							&& !state.proposalId().equals(this.desired.proposalId()))) {
				decide(state);
				decideHeldBack();
			}
		}
		else if (record instanceof ControlRecord.ProposalRemoval removal) {
			this.proposals.remove(removal.proposalId());
		}
		else if (record instanceof ControlRecord.DecisionRemoval removal) {
			this.decisionsInLog.remove(removal.version());
		}
		else if (record instanceof ControlRecord.Report report) {
			this.reports.put(report.report().instanceId(), report.report());
		}
		else if (record instanceof ControlRecord.Withdrawal withdrawal) {
			this.reports.remove(withdrawal.instanceId());
		}
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
					candidates.remove();
					decide(candidate);
					decided = true;
					break;
				}
				if (this.desired != null && candidate.version() <= this.desired.version()) {
					// Its version is decided: it lost, or it is a decision read again
					candidates.remove();
				}
			}
		}
	}

	private void decide(DesiredState state) {
		this.desired = state;
		this.decisions.put(state.version(), state.proposalId());
		while (this.decisions.size() > DECISIONS_KEPT) {
			this.decisions.pollFirstEntry();
		}
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
				Map.copyOf(this.reports), removable());
	}

}
