package io.bluegreen.lifecycle;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The latest drain of an application.
 *
 * @param outcome how the drain went so far
 * @param startedAt when the pause was requested
 * @param duration how long the drain took, or {@code null} while it is still draining
 * @param timeout how long the drain was allowed to take
 * @author bluegreen
 */
public record DrainStatus(DrainOutcome outcome, Instant startedAt, @Nullable Duration duration, Duration timeout) {

	/**
	 * Return whether the drain has completed, so that another color can safely consume.
	 * @return whether the drain completed
	 */
	public boolean isCompleted() {
		return this.outcome == DrainOutcome.COMPLETED;
	}

}
