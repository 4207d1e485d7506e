package io.bluegreen.integration;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.lifecycle.LifecycleRequests;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleStatus;
import io.bluegreen.lifecycle.TransitionResult;

/**
 * Carries out a tool's word that this instance should be active or inactive, the way
 * tools that see one pod at a time (Shawarma, Argo Rollouts' pod labels) say it.
 * <p>
 * Without fleet coordination, active resumes this instance and inactive drains it, and
 * the call returns when the transition ended. With fleet coordination, active switches
 * the deployment to this instance's color; inactive changes nothing, because the old
 * color pauses as part of that switch, and is refused for the active color, which a
 * deployment cannot do without.
 *
 * @author bluegreen
 */
public class InstanceActivation {

	private final LifecycleService lifecycleService;

	private final @Nullable FleetService fleetService;

	/**
	 * Create a new activation.
	 * @param lifecycleService the lifecycle service
	 * @param fleetService the fleet service, or {@code null} without fleet coordination
	 */
	public InstanceActivation(LifecycleService lifecycleService, @Nullable FleetService fleetService) {
		this.lifecycleService = lifecycleService;
		this.fleetService = fleetService;
	}

	/**
	 * Make this instance active or inactive, and wait until that ended.
	 * @param active whether this instance should consume
	 * @return how it ended
	 */
	public Outcome apply(boolean active) {
		FleetService fleet = this.fleetService;
		if (fleet == null) {
			TransitionResult result = LifecycleRequests.await(this.lifecycleService,
					active ? LifecycleState.ACTIVE : LifecycleState.PAUSED);
			return new Outcome(result.outcome().httpStatus(),
					(result.outcome() == TransitionResult.Outcome.REFUSED) ? result.reason() : null, result.status());
		}
		String color = String.valueOf(this.lifecycleService.status().color());
		if (active) {
			SwitchResult result = fleet.switchTo(color);
			String problem = (result.outcome() == SwitchOutcome.COMPLETED || result.outcome() == SwitchOutcome.UNCHANGED)
					? null : "Switch to '" + color + "' " + result.outcome().name().toLowerCase(Locale.ROOT) + ": "
							+ result.reason();
			return new Outcome(result.outcome().httpStatus(), problem, this.lifecycleService.status());
		}
		if (color.equals(fleet.status().active())) {
			return new Outcome(409, "Color '" + color + "' is the active color of deployment '"
					+ fleet.status().deployment() + "'; it pauses when another color becomes active",
					this.lifecycleService.status());
		}
		return new Outcome(200, null, this.lifecycleService.status());
	}

	/**
	 * How an activation ended.
	 *
	 * @param httpStatus the HTTP status that describes it: 200 when done, 409 when refused
	 * or in conflict with another switch, 503 when a drain timed out or a switch aborted
	 * @param problem what went wrong, or {@code null} when nothing did
	 * @param status the lifecycle of this instance afterwards
	 */
	public record Outcome(int httpStatus, @Nullable String problem, LifecycleStatus status) {

	}

}
