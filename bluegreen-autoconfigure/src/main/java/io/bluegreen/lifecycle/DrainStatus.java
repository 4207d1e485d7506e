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

}
