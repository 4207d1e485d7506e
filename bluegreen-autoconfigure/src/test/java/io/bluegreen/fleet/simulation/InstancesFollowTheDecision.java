package io.bluegreen.fleet.simulation;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.DesiredState;
import io.bluegreen.lifecycle.LifecycleState;

/**
 * The invariant of a settled fleet, checked at the end of a run: every running instance
 * applied the last decided state, and is active exactly if its color consumes.
 */
final class InstancesFollowTheDecision {

	/**
	 * Check the instances.
	 * @param log the log and its truth
	 * @param nodes every instance, dead or alive
	 * @return the first instance that does not follow, or {@code null}
	 */
	static @Nullable String check(SimLog log, Collection<FleetSimulation.Node> nodes) {
		DesiredState truth = log.truth();
		if (truth == null) {
			return null;
		}
		for (FleetSimulation.Node node : nodes) {
			if (!node.alive() || !node.instance().isRunning()) {
				continue;
			}
			LifecycleState expected = truth.isConsuming(node.color()) ? LifecycleState.ACTIVE : LifecycleState.PAUSED;
			if (node.directive().appliedVersion() != truth.version() || node.instance().state() != expected) {
				return "instance " + node.id() + " does not follow the decided state version " + truth.version()
						+ " (active " + truth.active() + ")";
			}
		}
		return null;
	}

	private InstancesFollowTheDecision() {
	}

}
