package io.bluegreen.fleet;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The fleet of a deployment as one instance sees it.
 *
 * @param deployment the deployment
 * @param instanceId the instance answering
 * @param readable whether this instance has read the control topic to its end
 * @param active the active color, or {@code null} when nothing is recorded
 * @param epoch the epoch, 0 when nothing is recorded
 * @param switchInProgress the switch in progress, or {@code null}
 * @param lastSwitch the last switch that ended, or {@code null}
 * @param consumingInstances how many live instances of the active color are
 * {@code ACTIVE}: 0 while no switch is in progress means nothing consumes
 * @param instances the latest report of every live instance
 * @param waitingFor what the switch in progress waits for: each instance of the old color
 * that has not confirmed its pause, or member of its groups that belongs to none that
 * did, with the time by which the broker removes it if it is gone; empty when no switch
 * is in progress
 * @param refusedRecords how many records of the control topic this instance refused, by
 * problem ({@link ControlRecordProblem#tag()}); empty when it refused none
 * @author bluegreen
 */
public record FleetStatus(String deployment, String instanceId, boolean readable, @Nullable String active, long epoch,
		@Nullable SwitchInProgress switchInProgress, @Nullable EndedSwitch lastSwitch, int consumingInstances,
		List<InstanceReport> instances, List<String> waitingFor, Map<String, Long> refusedRecords) {

	/**
	 * Create a status of a fleet whose switch, if any, waits for nothing known, and that
	 * refused no control record.
	 * @param deployment the deployment
	 * @param instanceId the instance answering
	 * @param readable whether this instance has read the control topic to its end
	 * @param active the active color, or {@code null} when nothing is recorded
	 * @param epoch the epoch, 0 when nothing is recorded
	 * @param switchInProgress the switch in progress, or {@code null}
	 * @param lastSwitch the last switch that ended, or {@code null}
	 * @param consumingInstances how many live instances of the active color are
	 * {@code ACTIVE}
	 * @param instances the latest report of every live instance
	 */
	public FleetStatus(String deployment, String instanceId, boolean readable, @Nullable String active, long epoch,
			@Nullable SwitchInProgress switchInProgress, @Nullable EndedSwitch lastSwitch, int consumingInstances,
			List<InstanceReport> instances) {
		this(deployment, instanceId, readable, active, epoch, switchInProgress, lastSwitch, consumingInstances,
				instances, List.of(), Map.of());
	}

}
