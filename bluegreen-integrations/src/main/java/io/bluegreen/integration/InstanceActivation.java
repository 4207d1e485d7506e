package io.bluegreen.integration;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.FleetService;
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
			Result applied = switch (result.outcome()) {
				case COMPLETED -> Result.APPLIED;
				case REFUSED, CANCELLED -> Result.REFUSED;
				case TIMED_OUT -> Result.INCOMPLETE;
			};
			return new Outcome(applied, result.problem(), result.status());
		}
		String color = String.valueOf(this.lifecycleService.status().color());
		if (active) {
			SwitchResult result = fleet.switchTo(color);
			Result applied = switch (result.outcome()) {
				case COMPLETED, UNCHANGED -> Result.APPLIED;
				case CONFLICT -> Result.REFUSED;
				case ABORTED, UNKNOWN -> Result.INCOMPLETE;
			};
			String problem = (applied != Result.APPLIED) ? "Switch to '" + color + "' "
					+ result.outcome().name().toLowerCase(Locale.ROOT) + ": " + result.reason() : null;
			return new Outcome(applied, problem, this.lifecycleService.status());
		}
		if (color.equals(fleet.status().active())) {
			return new Outcome(
					Result.REFUSED, "Color '" + color + "' is the active color of deployment '"
							+ fleet.status().deployment() + "'; it pauses when another color becomes active",
					this.lifecycleService.status());
		}
		return new Outcome(Result.APPLIED, null, this.lifecycleService.status());
	}

	/**
	 * How an activation ended, in the terms of the tools that ask for it.
	 */
	public enum Result {

		/**
		 * This instance is active or inactive as asked (or already was).
		 */
		APPLIED,

		/**
		 * Nothing changed: the request was refused, another switch was in progress, or a
		 * later request cancelled it.
		 */
		REFUSED,

		/**
		 * The change was tried and did not finish: a drain timed out (this instance is
		 * still draining), a switch aborted (the old color resumed), or the outcome of a
		 * switch could not be known.
		 */
		INCOMPLETE

	}

	/**
	 * How an activation ended.
	 *
	 * @param result whether it was applied, refused or did not finish
	 * @param problem what went wrong, in words a person can act on, or {@code null} when
	 * it was applied
	 * @param status the lifecycle of this instance afterwards
	 */
	public record Outcome(Result result, @Nullable String problem, LifecycleStatus status) {

		/**
		 * Return whether this instance is active or inactive as asked.
		 * @return whether the activation was applied
		 */
		public boolean applied() {
			return this.result == Result.APPLIED;
		}

	}

}
