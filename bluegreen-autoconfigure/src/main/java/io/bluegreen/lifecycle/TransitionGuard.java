package io.bluegreen.lifecycle;

import org.jspecify.annotations.Nullable;

/**
 * Decides the state to start in and whether a requested state may be entered now; a
 * refused request changes nothing.
 *
 * @author bluegreen
 */
@FunctionalInterface
public interface TransitionGuard {

	/**
	 * A guard that allows every request.
	 */
	TransitionGuard NONE = (target) -> null;

	/**
	 * Return why the given state may not be entered now.
	 * @param target the requested state
	 * @return the reason of the refusal, or {@code null} to allow the request
	 */
	@Nullable String refusal(LifecycleState target);

	/**
	 * Return the state to start in.
	 * @param configured the configured initial state
	 * @return the state to start in, {@code ACTIVE} or {@code PAUSED}
	 */
	default LifecycleState initialState(LifecycleState configured) {
		return configured;
	}

}
