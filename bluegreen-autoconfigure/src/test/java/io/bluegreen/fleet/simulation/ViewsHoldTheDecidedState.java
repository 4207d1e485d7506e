package io.bluegreen.fleet.simulation;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.FleetView;

/**
 * The invariant checked on every view a reader publishes: the state it holds is the one
 * the log decided for its version, never a losing proposal.
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
