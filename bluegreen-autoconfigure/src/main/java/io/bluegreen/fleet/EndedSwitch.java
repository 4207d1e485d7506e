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
 * @author bluegreen
 */
public record EndedSwitch(String id, String from, String to, long epoch, SwitchOutcome outcome,
		@Nullable String reason, List<String> unanswered, Instant startedAt, Instant endedAt) {

}
