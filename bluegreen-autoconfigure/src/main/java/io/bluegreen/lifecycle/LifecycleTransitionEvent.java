package io.bluegreen.lifecycle;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published on every change of the {@link LifecycleState} of the application.
 *
 * @author bluegreen
 */
public class LifecycleTransitionEvent extends ApplicationEvent {

	private final LifecycleState from;

	private final LifecycleState to;

	private final @Nullable String color;

	private final @Nullable Duration drainDuration;

	/**
	 * Create a new event.
	 * @param source the lifecycle service
	 * @param from the previous state
	 * @param to the new state
	 * @param color the color of the application
	 * @param drainDuration how long the drain took when it ends with this transition
	 */
	public LifecycleTransitionEvent(Object source, LifecycleState from, LifecycleState to, @Nullable String color,
			@Nullable Duration drainDuration) {
		super(source);
		this.from = from;
		this.to = to;
		this.color = color;
		this.drainDuration = drainDuration;
	}

	public LifecycleState getFrom() {
		return this.from;
	}

	public LifecycleState getTo() {
		return this.to;
	}

	public @Nullable String getColor() {
		return this.color;
	}

	/**
	 * Return how long the drain took, for transitions that end a drain
	 * ({@code DRAINING → PAUSED} and {@code DRAINING → ACTIVE}).
	 * @return the drain duration or {@code null}
	 */
	public @Nullable Duration getDrainDuration() {
		return this.drainDuration;
	}

	@Override
	public String toString() {
		return "LifecycleTransitionEvent[" + this.from + " -> " + this.to + ", color=" + this.color + "]";
	}

}
