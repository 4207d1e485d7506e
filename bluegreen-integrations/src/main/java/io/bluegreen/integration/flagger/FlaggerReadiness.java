package io.bluegreen.integration.flagger;

import java.util.List;

import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchInProgress;
import io.bluegreen.lifecycle.LifecycleState;

/**
 * Whether a color is ready to take over, as Flagger's {@code pre-rollout} hook asks: a
 * function of the fleet's status alone. A color is ready when this instance has read the
 * control topic, no switch is in progress, and the color is active already or has live
 * instances that are all paused.
 *
 * @param ready whether the color may take over
 * @param detail why, for Flagger's log
 * @author bluegreen
 */
public record FlaggerReadiness(boolean ready, String detail) {

	/**
	 * Decide whether a color is ready to take over.
	 * @param fleet the status of the fleet
	 * @param color the color that would take over
	 * @return the readiness
	 */
	public static FlaggerReadiness of(FleetStatus fleet, String color) {
		if (!fleet.readable()) {
			return notReady("this instance has not read the control topic yet");
		}
		SwitchInProgress inProgress = fleet.switchInProgress();
		if (inProgress != null) {
			return notReady("switch " + inProgress.id() + " to '" + inProgress.to() + "' is in progress");
		}
		if (color.equals(fleet.active())) {
			return new FlaggerReadiness(true, "color '" + color + "' is already active");
		}
		List<InstanceReport> instances = fleet.instances().stream().filter((i) -> i.color().equals(color)).toList();
		if (instances.isEmpty()) {
			return notReady("no live instance of color '" + color + "'");
		}
		List<String> notPaused = instances.stream()
			.filter((instance) -> instance.state() != LifecycleState.PAUSED)
			.map((instance) -> instance.instanceId() + " is " + instance.state())
			.toList();
		if (!notPaused.isEmpty()) {
			return notReady("not every instance of color '" + color + "' is paused: " + notPaused);
		}
		return new FlaggerReadiness(true, "color '" + color + "' is paused and ready: "
				+ instances.stream().map(InstanceReport::instanceId).toList());
	}

	private static FlaggerReadiness notReady(String why) {
		return new FlaggerReadiness(false, "not ready: " + why);
	}

}
