package io.bluegreen.readiness;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Whether this instance is ready to take part in a fast switch.
 *
 * @param ready whether it became ready
 * @param since when it became ready, or {@code null} if it is not
 * @param missing what it still waits for; empty once ready
 * @author bluegreen
 */
public record ReadinessStatus(boolean ready, @Nullable Instant since, List<String> missing) {

}
