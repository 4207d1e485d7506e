package io.bluegreen.fleet;

import org.jspecify.annotations.Nullable;

/**
 * The states the protocol can write: on their own, and one after another. A mistaken
 * tool's record that breaks them never counts (see {@link ControlLogFold}).
 *
 * @author bluegreen
 */
final class StateRules {

	private StateRules() {
	}

	/**
	 * Return why a state cannot be one the protocol wrote, whatever came before it, or
	 * {@code null}: a switch in progress starts from the active color at the next epoch,
	 * and the active color at an epoch after the first is the one the last switch ended
	 * with.
	 * @param state the state
	 * @return the reason, or {@code null}
	 */
	static @Nullable String inconsistency(DesiredState state) {
		if (state.proposalId().startsWith(ControlLogFold.LEGACY_PREFIX)) {
			// Written by a version before these fields were kept
			return null;
		}
		SwitchInProgress inProgress = state.switchInProgress();
		if (inProgress != null
				&& (!inProgress.from().equals(state.active()) || inProgress.epoch() != state.epoch() + 1)) {
			return "its switch in progress does not start from " + state.active() + " at epoch " + (state.epoch() + 1);
		}
		EndedSwitch ended = state.lastSwitch();
		if (ended == null) {
			return (state.epoch() == 1) ? null
					: "it is at epoch " + state.epoch() + " but no switch ended: only a switch changes the epoch";
		}
		String color = (ended.outcome() == SwitchOutcome.COMPLETED) ? ended.to()
				: (ended.outcome() == SwitchOutcome.ABORTED) ? ended.from() : null;
		if (ended.epoch() != state.epoch() || !state.active().equals(color)) {
			return "its last switch ended " + ended.outcome() + " at epoch " + ended.epoch() + ", which leaves " + color
					+ " active at that epoch, not " + state.active() + " at epoch " + state.epoch();
		}
		return null;
	}

	/**
	 * Return why a state cannot follow another, or {@code null} if it can: it starts a
	 * switch from the active color, or it ends the switch in progress with the color the
	 * outcome gives.
	 * @param before the decided state
	 * @param next a state of the next version
	 * @return the reason it cannot, or {@code null}
	 */
	static @Nullable String transition(DesiredState before, DesiredState next) {
		SwitchInProgress current = before.switchInProgress();
		SwitchInProgress started = next.switchInProgress();
		if (current == null) {
			if (started == null) {
				return "no switch is in progress, and it starts none";
			}
			if (!next.active().equals(before.active()) || !started.from().equals(before.active())
					|| next.epoch() != before.epoch() || started.epoch() != before.epoch() + 1) {
				return "it starts a switch from " + started.from() + " at epoch " + started.epoch() + " while "
						+ before.active() + " is active at epoch " + before.epoch();
			}
			return null;
		}
		EndedSwitch ended = next.lastSwitch();
		if (started != null || ended == null || !ended.id().equals(current.id())) {
			return "switch " + current.id() + " is in progress, and it does not end it";
		}
		String color = (ended.outcome() == SwitchOutcome.COMPLETED) ? current.to()
				: (ended.outcome() == SwitchOutcome.ABORTED) ? current.from() : null;
		if (!next.active().equals(color) || next.epoch() != current.epoch()) {
			return "it ends switch " + current.id() + " " + ended.outcome() + " with " + next.active()
					+ " active at epoch " + next.epoch();
		}
		return null;
	}

}
