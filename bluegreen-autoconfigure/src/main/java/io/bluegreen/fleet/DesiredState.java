package io.bluegreen.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The desired state of a deployment: which color is active, the epoch, and the switch in
 * progress. Each state is derived from the decided one before it and carries the next
 * {@code version}; in the control log, the first proposal of a version wins and later
 * ones lose, so concurrent writers agree without a lock (see {@link ControlLogFold}).
 *
 * @param proposalId unique id of the proposal that carries this state
 * @param version position in the history of the deployment, from 1
 * @param active the active color
 * @param epoch incremented by every switch, completed or aborted; instances report the
 * epoch they applied, so a stale report never counts
 * @param switchInProgress the switch in progress, or {@code null}
 * @param handover the offsets the new color starts at after the last completed switch, by
 * consumer group of the new color
 * @param lastSwitch the last switch that ended, or {@code null}
 * @param writer the instance that wrote this record
 * @param writtenAt when it was written
 * @author bluegreen
 */
public record DesiredState(String proposalId, long version, String active, long epoch,
		@Nullable SwitchInProgress switchInProgress, Map<String, List<PartitionOffset>> handover,
		@Nullable EndedSwitch lastSwitch, String writer, Instant writtenAt) {

	/**
	 * Return the first state of a deployment.
	 * @param proposalId unique id of the proposal
	 * @param active the active color
	 * @param writer the instance that writes it
	 * @param now the current time
	 * @return the state
	 */
	public static DesiredState initial(String proposalId, String active, String writer, Instant now) {
		return new DesiredState(proposalId, 1, active, 1, null, Map.of(), null, writer, now);
	}

	/**
	 * Return the state with a switch started.
	 * @param proposalId unique id of the proposal
	 * @param started the switch, whose epoch is the next one
	 * @param now the current time
	 * @return the next state
	 */
	public DesiredState start(String proposalId, SwitchInProgress started, Instant now) {
		return new DesiredState(proposalId, this.version + 1, this.active, this.epoch, started, this.handover,
				this.lastSwitch, started.coordinator(), now);
	}

	/**
	 * Return the state with the switch in progress completed.
	 * @param proposalId unique id of the proposal
	 * @param handover the offsets the new color starts at, by group of the new color
	 * @param writer the instance that writes it
	 * @param now the current time
	 * @return the next state
	 */
	public DesiredState complete(String proposalId, Map<String, List<PartitionOffset>> handover, String writer,
			Instant now) {
		SwitchInProgress current = inProgress();
		EndedSwitch ended = new EndedSwitch(current.id(), current.from(), current.to(), current.epoch(),
				SwitchOutcome.COMPLETED, null, List.of(), current.startedAt(), now, current.requestedBy(),
				current.requestReason());
		return new DesiredState(proposalId, this.version + 1, current.to(), current.epoch(), null, handover, ended,
				writer, now);
	}

	/**
	 * Return the state with the switch in progress aborted: the old color stays active.
	 * @param proposalId unique id of the proposal
	 * @param reason why it is aborted
	 * @param unanswered the instances and members that did not confirm
	 * @param writer the instance that writes it
	 * @param now the current time
	 * @return the next state
	 */
	public DesiredState abort(String proposalId, String reason, List<String> unanswered, String writer, Instant now) {
		SwitchInProgress current = inProgress();
		EndedSwitch ended = new EndedSwitch(current.id(), current.from(), current.to(), current.epoch(),
				SwitchOutcome.ABORTED, reason, unanswered, current.startedAt(), now, current.requestedBy(),
				current.requestReason());
		return new DesiredState(proposalId, this.version + 1, current.from(), current.epoch(), null, Map.of(), ended,
				writer, now);
	}

	/**
	 * Return the epoch an instance applies while this state is in force.
	 * @return the epoch of the switch in progress, else the epoch
	 */
	public long appliedEpoch() {
		return (this.switchInProgress != null) ? this.switchInProgress.epoch() : this.epoch;
	}

	/**
	 * Return whether the given color may consume under this state.
	 * @param color a color
	 * @return whether it is the active color and no switch is in progress
	 */
	public boolean isConsuming(String color) {
		return this.switchInProgress == null && this.active.equals(color);
	}

	private SwitchInProgress inProgress() {
		if (this.switchInProgress == null) {
			throw new IllegalStateException("No switch in progress");
		}
		return this.switchInProgress;
	}

}
