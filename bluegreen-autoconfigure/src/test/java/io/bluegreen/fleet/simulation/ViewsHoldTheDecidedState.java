package io.bluegreen.fleet.simulation;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.FleetView;

/**
 * The invariant checked on every view a reader publishes: the state it holds is the one
 * the log decided for its version, never a losing proposal.
 * <p>
 * Except for a proposal that a reader of a lost control topic wrote and that landed in
 * the topic created anew (late, or written again by a retry): the protocol cannot tell it
 * from one written into the new topic, so a reader that has not read the decided state of
 * its version takes it for that state until the state is written again. The limits in
 * docs/fleet.md say so; the end of the run checks that every instance follows the decided
 * state.
 */
final class ViewsHoldTheDecidedState {

	/**
	 * Check a view.
	 * @param log the log and its truth
	 * @param view the view published
	 * @return the violation, or {@code null}
	 */
	static @Nullable String check(SimLog log, FleetView view) {
		DesiredState desired = view.desired();
		if (desired == null) {
			return null;
		}
		DesiredState decided = log.decided(desired.version());
		if (log.crossed(desired.proposalId())) {
			return null;
		}
		if (decided == null || !decided.proposalId().equals(desired.proposalId())) {
			return "a reader took proposal " + desired.proposalId() + " of version " + desired.version()
					+ " as the state; the log decided " + ((decided != null) ? decided.proposalId() : "none")
					+ "; the log holds:" + log.describe();
		}
		return null;
	}

	private ViewsHoldTheDecidedState() {
	}

}
