package io.bluegreen.actuate.endpoint;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * What a write to the {@code bluegreen} endpoint asks for: a state of this instance, or
 * an active color of the whole deployment.
 *
 * @author bluegreen
 */
public sealed interface LifecycleRequest {

	/**
	 * Carry out the request with the function that fits it.
	 * @param <T> what carrying it out gives
	 * @param forState what to do with a request for a state of this instance
	 * @param forColor what to do with a request for an active color of the deployment
	 * @return what the function gave
	 */
	<T> T apply(Function<LifecycleState, T> forState, Function<String, T> forColor);

	/**
	 * Read what a write asks for.
	 * @param state {@code ACTIVE} or {@code PAUSED}
	 * @param active the color to make active in the whole deployment
	 * @param colors the colors of the deployment, or {@code null} without fleet
	 * coordination
	 * @return the request
	 * @throws InvalidLifecycleRequestException if it names both or neither, a state that
	 * cannot be requested, or a color without fleet coordination
	 */
	static LifecycleRequest of(@Nullable LifecycleState state, @Nullable String active, @Nullable List<String> colors) {
		if (state != null && active != null) {
			throw new InvalidLifecycleRequestException("Give either 'state' or 'active', not both",
					BlueGreenEndpoint.FIELDS);
		}
		if (active != null) {
			if (colors == null) {
				throw InvalidLifecycleRequestException.withoutFleet();
			}
			return new ForColor(active);
		}
		if (state == null) {
			throw new InvalidLifecycleRequestException(
					"Missing 'state'; allowed values: ACTIVE, PAUSED"
							+ ((colors != null) ? "; or 'active' to switch the deployment, one of " + colors : ""),
					InvalidLifecycleRequestException.STATES);
		}
		if (!state.isRequestable()) {
			throw InvalidLifecycleRequestException.invalidState(state.name());
		}
		return new ForState(state);
	}

	/**
	 * A request for a state of this instance.
	 *
	 * @param state the requested state, {@code ACTIVE} or {@code PAUSED}
	 */
	record ForState(LifecycleState state) implements LifecycleRequest {

		@Override
		public <T> T apply(Function<LifecycleState, T> forState, Function<String, T> forColor) {
			return forState.apply(this.state);
		}

	}

	/**
	 * A request to make a color the active color of the deployment.
	 *
	 * @param color the requested color, in any case
	 */
	record ForColor(String color) implements LifecycleRequest {

		@Override
		public <T> T apply(Function<LifecycleState, T> forState, Function<String, T> forColor) {
			return forColor.apply(this.color);
		}

	}

}
