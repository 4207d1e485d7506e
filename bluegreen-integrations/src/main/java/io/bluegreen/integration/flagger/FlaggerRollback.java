package io.bluegreen.integration.flagger;

import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.SwitchOutcome;

/**
 * Whether Flagger should roll back a color, as its {@code rollback} hook asks: a function
 * of the fleet's status alone. A rollback is wanted when the last switch to the color
 * aborted, no switch is in progress, and the color is not active.
 *
 * @param wanted whether Flagger should roll back
 * @param detail why, for Flagger's log
 * @author bluegreen
 */
public record FlaggerRollback(boolean wanted, String detail) {

	/**
	 * Decide whether Flagger should roll back a color.
	 * @param fleet the status of the fleet
	 * @param color the color Flagger promoted
	 * @return the decision
	 */
	public static FlaggerRollback of(FleetStatus fleet, String color) {
		EndedSwitch last = fleet.lastSwitch();
		if (!color.equals(fleet.active()) && fleet.switchInProgress() == null && last != null && last.to().equals(color)
				&& last.outcome() == SwitchOutcome.ABORTED) {
			return new FlaggerRollback(true, "roll back: switch " + last.id() + " to '" + color + "' aborted: "
					+ last.reason() + "; '" + last.from() + "' stays active");
		}
		return new FlaggerRollback(false, "no rollback: the last switch to '" + color + "' did not abort");
	}

}
