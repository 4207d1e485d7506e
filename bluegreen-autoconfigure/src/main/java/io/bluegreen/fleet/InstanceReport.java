package io.bluegreen.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * What an instance publishes about itself, after every change and at every heartbeat.
 *
 * @param instanceId the id of the instance
 * @param color its color
 * @param state its lifecycle state
 * @param epoch the epoch it applied
 * @param version the version of the desired state it applied
 * @param members the group member ids of its paused consumers
 * @param clients the client ids of its consumers
 * @param committed when paused, the offsets its color's groups committed, by group
 * @param reportedAt when it reported
 * @author bluegreen
 */
public record InstanceReport(String instanceId, String color, LifecycleState state, long epoch, long version,
		List<String> members, List<String> clients, Map<String, List<PartitionOffset>> committed,
		Instant reportedAt) {

	/**
	 * Return whether this report confirms that the instance is paused for an epoch.
	 * @param epoch the epoch
	 * @return whether the instance is paused and applied that epoch
	 */
	public boolean confirmsPause(long epoch) {
		return this.state == LifecycleState.PAUSED && this.epoch == epoch;
	}

}
