package io.bluegreen.console.web;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One line of the deployments page.
 *
 * @param name the deployment
 * @param active the active color, or {@code null} if none is recorded
 * @param live the number of live instances, by color
 * @param switching whether a switch is in progress
 * @param lastSwitchAt when the last switch ended, or {@code null}
 * @author bluegreen
 */
public record DeploymentSummary(String name, @Nullable String active, Map<String, Integer> live, boolean switching,
		@Nullable Instant lastSwitchAt) {

}
