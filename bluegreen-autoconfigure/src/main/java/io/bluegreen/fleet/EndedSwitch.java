package io.bluegreen.fleet;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A switch that ended, completed or aborted.
 *
 * @param id unique id of the switch
 * @param from the color that was active when it started
 * @param to the color it was to activate
 * @param epoch the epoch it ended with
 * @param outcome {@link SwitchOutcome#COMPLETED} or {@link SwitchOutcome#ABORTED}
 * @param reason why it was aborted, or {@code null}
 * @param unanswered the instances and group members of the old color that had not
 * confirmed their pause when it was aborted
 * @param startedAt when it started
 * @param endedAt when it ended
 * @param requestedBy who asked for it, if the request said so, or {@code null}
 * @param requestReason why it was asked for, if the request said so, or {@code null}
 * @author bluegreen
 */
public record EndedSwitch(String id, String from, String to, long epoch, SwitchOutcome outcome, @Nullable String reason,
		List<String> unanswered, Instant startedAt, Instant endedAt, @Nullable String requestedBy,
		@Nullable String requestReason) {

	/**
	 * Create an ended switch whose request named neither who asked nor why.
	 * @param id unique id of the switch
	 * @param from the color that was active when it started
	 * @param to the color it was to activate
	 * @param epoch the epoch it ended with
	 * @param outcome {@link SwitchOutcome#COMPLETED} or {@link SwitchOutcome#ABORTED}
	 * @param reason why it was aborted, or {@code null}
	 * @param unanswered the instances and group members that had not confirmed
	 * @param startedAt when it started
	 * @param endedAt when it ended
	 */
	public EndedSwitch(String id, String from, String to, long epoch, SwitchOutcome outcome, @Nullable String reason,
			List<String> unanswered, Instant startedAt, Instant endedAt) {
		this(id, from, to, epoch, outcome, reason, unanswered, startedAt, endedAt, null, null);
	}

}
