package io.bluegreen.lifecycle;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a requested state may be entered now; a refused request changes
 * nothing.
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

}
