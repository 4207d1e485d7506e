package io.bluegreen.fleet.simulation;

import java.util.Collection;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * The invariant checked after every step: never two colors consume at once. A consumer
 * consumes while records it fetched are in flight, and while it may fetch: it is in its
 * group under an admitted member id and no pause is requested of it.
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
			// What the consumer does, not what the lifecycle reports: a lifecycle that
			// reported a drain it had not proven would hide the records still in flight
			if (node.alive() && instance.isRunning() && instance.consumes()) {
				consuming.add(node.color());
			}
		}
		return (consuming.size() > 1) ? "two colors consume at once" : null;
	}

	private OneColorConsumes() {
	}

}
