package io.bluegreen.fleet;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an instance has read from the control log about its deployment, as of a moment it
 * had read the log to its end.
 *
 * @param deployment the deployment
 * @param readable whether the log was read to its end at least once
 * @param position the position up to which the log was read
 * @param desired the decided desired state, or {@code null} when nothing is decided yet
 * @param decisions the proposal that won each recent version, by version
 * @param reports the latest report by instance id
 * @param removable the removals of the proposals and decisions that the decided state
 * covers
 * @param formerReports the latest report read before the control topic was created anew
 * of each instance that has not reported since, by instance id
 * @param topics how many times this reader found the control topic created anew: a state
 * decided in a view of another count may come from a proposal written before
 * @param provisional whether the decided state is a first state read only as its
 * proposal, with nothing decided before it, that no decision record confirmed yet: a
 * claim whose decision is still to be written, or a claim written into a control topic
 * that was lost which landed late in the one created anew
 * @author bluegreen
 */
public record FleetView(String deployment, boolean readable, long position, @Nullable DesiredState desired,
		Map<Long, String> decisions, Map<String, InstanceReport> reports, List<ControlRecord> removable,
		Map<String, InstanceReport> formerReports, int topics, boolean provisional) {

	/**
	 * Create a view of a control topic that was never created anew.
	 * @param deployment the deployment
	 * @param readable whether the log was read to its end at least once
	 * @param position the position up to which the log was read
	 * @param desired the decided desired state, or {@code null} when nothing is decided
	 * yet
	 * @param decisions the proposal that won each recent version, by version
	 * @param reports the latest report by instance id
	 * @param removable the removals of the proposals and decisions that the decided state
	 * covers
	 */
	public FleetView(String deployment, boolean readable, long position, @Nullable DesiredState desired,
			Map<Long, String> decisions, Map<String, InstanceReport> reports, List<ControlRecord> removable) {
		this(deployment, readable, position, desired, decisions, reports, removable, Map.of(), 0);
	}

	/**
	 * Create a view whose decided state, if any, is not provisional.
	 * @param deployment the deployment
	 * @param readable whether the log was read to its end at least once
	 * @param position the position up to which the log was read
	 * @param desired the decided desired state, or {@code null} when nothing is decided
	 * yet
	 * @param decisions the proposal that won each recent version, by version
	 * @param reports the latest report by instance id
	 * @param removable the removals of the proposals and decisions that the decided state
	 * covers
	 * @param formerReports the latest report read before the control topic was created
	 * anew of each instance that has not reported since, by instance id
	 * @param topics how many times this reader found the control topic created anew
	 */
	public FleetView(String deployment, boolean readable, long position, @Nullable DesiredState desired,
			Map<Long, String> decisions, Map<String, InstanceReport> reports, List<ControlRecord> removable,
			Map<String, InstanceReport> formerReports, int topics) {
		this(deployment, readable, position, desired, decisions, reports, removable, formerReports, topics, false);
	}

	/**
	 * Return the view of a log nothing was read from.
	 * @param deployment the deployment
	 * @return the empty view
	 */
	public static FleetView unread(String deployment) {
		return new FleetView(deployment, false, 0, null, Map.of(), Map.of(), List.of());
	}

}
