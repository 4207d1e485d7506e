package io.bluegreen.fleet;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A switch of a deployment that has started and not ended: the old color drains, the new
 * one waits.
 *
 * @param id unique id of the switch
 * @param from the color that was active and drains
 * @param to the color that becomes active
 * @param epoch the epoch of the deployment once the switch ends, either way
 * @param coordinator the instance that coordinates the switch
 * @param startedAt when the switch started
 * @param deadline when the switch is aborted if it has not completed, by any instance
 * @param requestedBy who asked for the switch, if the request said so, or {@code null}
 * @param requestReason why the switch was asked for, if the request said so, or
 * {@code null}
 * @author bluegreen
 */
public record SwitchInProgress(String id, String from, String to, long epoch, String coordinator, Instant startedAt,
		Instant deadline, @Nullable String requestedBy, @Nullable String requestReason) {

	/**
	 * Create a switch whose request named neither who asked nor why.
	 * @param id unique id of the switch
	 * @param from the color that was active and drains
	 * @param to the color that becomes active
	 * @param epoch the epoch of the deployment once the switch ends
	 * @param coordinator the instance that coordinates the switch
	 * @param startedAt when the switch started
	 * @param deadline when the switch is aborted if it has not completed
	 */
	public SwitchInProgress(String id, String from, String to, long epoch, String coordinator, Instant startedAt,
			Instant deadline) {
		this(id, from, to, epoch, coordinator, startedAt, deadline, null, null);
	}

}
