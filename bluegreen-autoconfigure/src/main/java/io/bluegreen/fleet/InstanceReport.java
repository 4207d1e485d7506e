package io.bluegreen.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * What an instance publishes about itself: after every change, and at every heartbeat
 * while none of its consumers has a group member id.
 *
 * @param instanceId the id of the instance
 * @param color its color
 * @param state its lifecycle state
 * @param epoch the epoch it applied
 * @param version the version of the desired state it applied
 * @param groups the consumer group of each of its listeners in its color, by the group
 * the listener is configured with
 * @param members the group member ids of its consumers, with or without partitions; they
 * confirm a pause when the report does
 * @param clients the client ids of its consumers, to trace them in the broker's tools;
 * never used to confirm anything, since applications may share them
 * @param committed when paused, the offsets its color's groups committed, by group
 * @param reportedAt when it reported, by its own clock
 * @param previousGroups the group ids each of its listeners was configured with in
 * earlier releases, by the group the listener is configured with now, so that a switch
 * finds the group a renamed listener continues from in the other color
 * @author bluegreen
 */
public record InstanceReport(String instanceId, String color, LifecycleState state, long epoch, long version,
		Map<String, String> groups, List<String> members, List<String> clients,
		Map<String, List<PartitionOffset>> committed, Instant reportedAt, Map<String, List<String>> previousGroups) {

	/**
	 * Create a report; collections missing from a report of an older version are empty.
	 */
	public InstanceReport {
		groups = (groups != null) ? Map.copyOf(groups) : Map.of();
		members = (members != null) ? List.copyOf(members) : List.of();
		clients = (clients != null) ? List.copyOf(clients) : List.of();
		committed = (committed != null) ? Map.copyOf(committed) : Map.of();
		previousGroups = (previousGroups != null) ? Map.copyOf(previousGroups) : Map.of();
	}

	/**
	 * Create a report of an instance whose listeners have no previous group ids.
	 * @param instanceId the id of the instance
	 * @param color its color
	 * @param state its lifecycle state
	 * @param epoch the epoch it applied
	 * @param version the version of the desired state it applied
	 * @param groups the consumer group of each of its listeners in its color
	 * @param members the group member ids of its consumers
	 * @param clients the client ids of its consumers
	 * @param committed when paused, the offsets its color's groups committed, by group
	 * @param reportedAt when it reported, by its own clock
	 */
	public InstanceReport(String instanceId, String color, LifecycleState state, long epoch, long version,
			Map<String, String> groups, List<String> members, List<String> clients,
			Map<String, List<PartitionOffset>> committed, Instant reportedAt) {
		this(instanceId, color, state, epoch, version, groups, members, clients, committed, reportedAt, Map.of());
	}

	/**
	 * Return whether this report confirms that the instance is paused for an epoch.
	 * @param epoch the epoch
	 * @return whether the instance is paused and applied that epoch
	 */
	public boolean confirmsPause(long epoch) {
		return this.state == LifecycleState.PAUSED && this.epoch == epoch;
	}

	/**
	 * Return whether this report was written less than a timeout ago. The time is the one
	 * the report was written at, so a report replayed from the log's history never makes
	 * a stopped instance look recent.
	 * @param now the current time
	 * @param timeout the age after which a report is not recent
	 * @return whether it is recent
	 */
	public boolean isRecent(Instant now, Duration timeout) {
		return this.reportedAt.plus(timeout).isAfter(now);
	}

	/**
	 * Return whether another report says the same as this one, whenever it was written.
	 * @param other the other report, or {@code null}
	 * @return whether only the time they were written at may differ
	 */
	public boolean sameAs(@Nullable InstanceReport other) {
		return other != null && equals(
				new InstanceReport(other.instanceId, other.color, other.state, other.epoch, other.version, other.groups,
						other.members, other.clients, other.committed, this.reportedAt, other.previousGroups));
	}

}
