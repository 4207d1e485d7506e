package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.bluegreen.lifecycle.LifecycleState;

import org.springframework.util.Assert;

/**
 * Who this instance is in its fleet, the timings of the protocol, and its clock.
 *
 * @param deployment the deployment, the same for every color
 * @param instanceId the id of this instance
 * @param color the color of this instance
 * @param colors the colors the deployment may switch between
 * @param initialState the state to start in when nothing is recorded for the deployment
 * @param switchTimeout the time a switch may take before it is aborted
 * @param heartbeatInterval the interval between two reports of an unchanged instance
 * @param instanceTimeout the time without a report after which an instance is not live
 * @param offsetSyncInterval the interval at which paused colors' groups are brought up to
 * date
 * @param startupTimeout the time to wait for the control log at startup
 * @param clock the clock of this instance
 * @author bluegreen
 */
public record FleetSettings(String deployment, String instanceId, String color, List<String> colors,
		LifecycleState initialState, Duration switchTimeout, Duration heartbeatInterval, Duration instanceTimeout,
		Duration offsetSyncInterval, Duration startupTimeout, Clock clock) {

	/**
	 * Validate the settings.
	 */
	public FleetSettings {
		Assert.hasText(deployment, "Deployment must not be empty");
		Assert.hasText(instanceId, "Instance id must not be empty");
		List<String> configured = List.copyOf(colors);
		Assert.isTrue(configured.size() >= 2,
				() -> "bluegreen.fleet.colors needs at least two colors, not " + configured);
		Assert.isTrue(configured.contains(color),
				() -> "bluegreen.color '" + color + "' is not one of bluegreen.fleet.colors " + configured);
		Assert.isTrue(instanceTimeout.compareTo(heartbeatInterval) > 0,
				() -> "bluegreen.fleet.instance-timeout (" + instanceTimeout
						+ ") must be longer than bluegreen.fleet.heartbeat-interval (" + heartbeatInterval
						+ "), or live instances would expire between their reports");
		colors = configured;
	}

	/**
	 * Return the configured color that matches a requested one, ignoring case.
	 * @param requested the requested color
	 * @return the configured color, if any
	 */
	public Optional<String> color(String requested) {
		String wanted = requested.trim().toLowerCase(Locale.ROOT);
		return this.colors.stream()
			.filter((candidate) -> candidate.toLowerCase(Locale.ROOT).equals(wanted))
			.findFirst();
	}

}
