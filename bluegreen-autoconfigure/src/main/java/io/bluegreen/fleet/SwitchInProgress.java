package io.bluegreen.fleet;

import java.time.Instant;

/**
 * A switch of a deployment that has started and not ended: the old color drains, the
 * new one waits.
 *
 * @param id unique id of the switch
 * @param from the color that was active and drains
 * @param to the color that becomes active
 * @param epoch the epoch of the deployment once the switch ends, either way
 * @param coordinator the instance that coordinates the switch
 * @param startedAt when the switch started
 * @param deadline when the switch is aborted if it has not completed, by any instance
 * @author bluegreen
 */
public record SwitchInProgress(String id, String from, String to, long epoch, String coordinator, Instant startedAt,
		Instant deadline) {

}
