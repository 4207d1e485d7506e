package io.bluegreen.fleet;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionGuard;

/**
 * The state the fleet wants this instance in. The lifecycle starts in it, and a request
 * to resume an instance the fleet wants paused is refused: only the fleet switch makes a
 * color active. Pausing is always allowed.
 *
 * @author bluegreen
 */
public class FleetDirective implements TransitionGuard {

	private volatile LifecycleState target = LifecycleState.PAUSED;

	private volatile String explanation = "the fleet state is not known yet";

	/**
	 * Set what the fleet wants.
	 * @param target {@code ACTIVE} or {@code PAUSED}
	 * @param explanation why, as shown to a caller whose resume is refused
	 */
	public void set(LifecycleState target, String explanation) {
		this.explanation = explanation;
		this.target = target;
	}

	/**
	 * Return the state the fleet wants this instance in.
	 * @return {@code ACTIVE} or {@code PAUSED}
	 */
	public LifecycleState target() {
		return this.target;
	}

	@Override
	public @Nullable String refusal(LifecycleState target) {
		if (target == LifecycleState.ACTIVE && this.target != LifecycleState.ACTIVE) {
			return "This instance may not resume on its own: " + this.explanation;
		}
		return null;
	}

}
