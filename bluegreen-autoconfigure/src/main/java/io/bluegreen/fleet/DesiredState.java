package io.bluegreen.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The desired state of a deployment, as recorded in the control topic: which color is
 * active, the epoch, and the switch in progress. Each record is derived from the one
 * before it and carries the next {@code version}; in the log of the control topic, the
 * first record with a given version wins and later ones are ignored, so concurrent
 * writers agree without a lock.
 *
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
public record DesiredState(long version, String active, long epoch, @Nullable SwitchInProgress switchInProgress,
		Map<String, List<PartitionOffset>> handover, @Nullable EndedSwitch lastSwitch, String writer,
		Instant writtenAt) {

	/**
	 * Return the first state of a deployment.
	 * @param active the active color
	 * @param writer the instance that writes it
	 * @param now the current time
	 * @return the state
	 */
	public static DesiredState initial(String active, String writer, Instant now) {
		return new DesiredState(1, active, 1, null, Map.of(), null, writer, now);
	}

	/**
	 * Return the state with a switch started.
	 * @param started the switch, whose epoch is the next one
	 * @param now the current time
	 * @return the next state
	 */
	public DesiredState start(SwitchInProgress started, Instant now) {
		return new DesiredState(this.version + 1, this.active, this.epoch, started, this.handover, this.lastSwitch,
				started.coordinator(), now);
	}

	/**
	 * Return the state with the switch in progress completed.
	 * @param handover the offsets the new color starts at, by group of the new color
	 * @param writer the instance that writes it
	 * @param now the current time
	 * @return the next state
	 */
	public DesiredState complete(Map<String, List<PartitionOffset>> handover, String writer, Instant now) {
		SwitchInProgress current = inProgress();
		EndedSwitch ended = new EndedSwitch(current.id(), current.from(), current.to(), current.epoch(),
				SwitchOutcome.COMPLETED, null, List.of(), current.startedAt(), now);
		return new DesiredState(this.version + 1, current.to(), current.epoch(), null, handover, ended, writer, now);
	}

	/**
	 * Return the state with the switch in progress aborted: the old color stays active.
	 * @param reason why it is aborted
	 * @param unanswered the instances and members that did not confirm
	 * @param writer the instance that writes it
	 * @param now the current time
	 * @return the next state
	 */
	public DesiredState abort(String reason, List<String> unanswered, String writer, Instant now) {
		SwitchInProgress current = inProgress();
		EndedSwitch ended = new EndedSwitch(current.id(), current.from(), current.to(), current.epoch(),
				SwitchOutcome.ABORTED, reason, unanswered, current.startedAt(), now);
		return new DesiredState(this.version + 1, current.from(), current.epoch(), null, Map.of(), ended, writer, now);
	}

	/**
	 * Return whether a record written after this one follows it.
	 * @param next the record
	 * @return whether it is the next version
	 */
	public boolean isFollowedBy(DesiredState next) {
		return next.version == this.version + 1;
	}

	/**
	 * Return the epoch an instance applies while this state is in force.
	 * @return the epoch of the switch in progress, else the epoch
	 */
	public long appliedEpoch() {
		return (this.switchInProgress != null) ? this.switchInProgress.epoch() : this.epoch;
	}

	private SwitchInProgress inProgress() {
		if (this.switchInProgress == null) {
			throw new IllegalStateException("No switch in progress");
		}
		return this.switchInProgress;
	}

}
