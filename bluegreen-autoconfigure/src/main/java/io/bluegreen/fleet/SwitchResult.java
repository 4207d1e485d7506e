package io.bluegreen.fleet;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How a request to switch the active color of a deployment ended.
 *
 * @param outcome the outcome
 * @param deployment the deployment
 * @param from the color that was active, or {@code null} if none was recorded
 * @param to the requested color
 * @param reason what went wrong or why nothing changed, or {@code null}
 * @param unanswered the instances and group members of the old color that did not confirm
 * their pause
 * @param pausedAfter time from the request until the old color confirmed its pause
 * @param completedAfter time from the request until the new color was recorded as active
 * @param desired the desired state when the request ended
 * @author bluegreen
 */
public record SwitchResult(SwitchOutcome outcome, String deployment, @Nullable String from, String to,
		@Nullable String reason, List<String> unanswered, @Nullable Duration pausedAfter,
		@Nullable Duration completedAfter, @Nullable DesiredState desired) {

	/**
	 * Create a result of a request that ended without a switch.
	 * @param outcome the outcome
	 * @param deployment the deployment
	 * @param desired the desired state, or {@code null}
	 * @param to the requested color
	 * @param reason why
	 * @return the result
	 */
	public static SwitchResult of(SwitchOutcome outcome, String deployment, @Nullable DesiredState desired, String to,
			@Nullable String reason) {
		return new SwitchResult(outcome, deployment, (desired != null) ? desired.active() : null, to, reason, List.of(),
				null, null, desired);
	}

}
