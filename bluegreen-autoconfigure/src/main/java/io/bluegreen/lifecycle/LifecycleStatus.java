package io.bluegreen.lifecycle;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Snapshot of the lifecycle of an application.
 *
 * @param state the state of the application
 * @param color the configured color of the application, such as {@code blue}
 * @param since when the state last changed
 * @param drain the latest drain, or {@code null} if the application never drained
 * @param listeners the managed listener containers
 * @author bluegreen
 */
public record LifecycleStatus(LifecycleState state, @Nullable String color, Instant since, @Nullable DrainStatus drain,
		List<ListenerStatus> listeners) {

}
