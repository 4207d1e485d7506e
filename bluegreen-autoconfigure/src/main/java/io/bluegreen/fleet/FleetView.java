package io.bluegreen.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an instance has read from the control topic about its deployment: the desired
 * state and the latest report of every instance, with the time it arrived here.
 *
 * @param deployment the deployment
 * @param desired the desired state, or {@code null} when nothing is recorded yet
 * @param reports the latest report by instance id
 * @author bluegreen
 */
public record FleetView(String deployment, @Nullable DesiredState desired, Map<String, ReceivedReport> reports) {

	/**
	 * Return the instances that reported recently enough to count as live.
	 * @param now the current time
	 * @param timeout the time without a report after which an instance is not live
	 * @return the latest report of each live instance, sorted by instance id
	 */
	public List<InstanceReport> live(Instant now, Duration timeout) {
		return this.reports.values()
			.stream()
			.filter((received) -> received.receivedAt().plus(timeout).isAfter(now))
			.map(ReceivedReport::report)
			.sorted(Comparator.comparing(InstanceReport::instanceId))
			.toList();
	}

	/**
	 * Return the live instances of a color.
	 * @param color the color
	 * @param now the current time
	 * @param timeout the time without a report after which an instance is not live
	 * @return the latest report of each live instance of that color
	 */
	public List<InstanceReport> live(String color, Instant now, Duration timeout) {
		return live(now, timeout).stream().filter((report) -> report.color().equals(color)).toList();
	}

	/**
	 * A report and when it arrived.
	 *
	 * @param report the report
	 * @param receivedAt when this instance read it
	 */
	public record ReceivedReport(InstanceReport report, Instant receivedAt) {

	}

}
