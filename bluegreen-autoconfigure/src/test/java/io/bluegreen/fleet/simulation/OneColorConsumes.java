package io.bluegreen.fleet.simulation;

import java.util.Collection;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * The invariant checked after every step: never two colors consume at once.
 */
final class OneColorConsumes {

	/**
	 * Check the instances.
	 * @param nodes every instance, dead or alive
	 * @return the violation, or {@code null}
	 */
	static @Nullable String check(Collection<FleetSimulation.Node> nodes) {
		TreeSet<String> consuming = new TreeSet<>();
		for (FleetSimulation.Node node : nodes) {
			SimInstance instance = node.instance();
			LifecycleState state = instance.state();
			// A consumer out of its group, or whose partitions are not admitted yet, has
			// nothing in flight, whatever its state; one that drains has until it paused,
			// if it consumed since it joined
			if (node.alive() && instance.isRunning() && instance.mayConsume() && (state == LifecycleState.ACTIVE
					|| (state == LifecycleState.DRAINING && instance.mayHaveInFlight()))) {
				consuming.add(node.color());
			}
		}
		return (consuming.size() > 1) ? "two colors consume at once" : null;
	}

	private OneColorConsumes() {
	}

}
