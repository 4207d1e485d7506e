package io.bluegreen.console.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.bluegreen.console.fleet.DeploymentFleet;
import io.bluegreen.console.fleet.GroupLag;
import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchInProgress;

/**
 * What the page of a deployment shows.
 *
 * @param name the deployment
 * @param controlTopic the control topic it was found in
 * @param readable whether the console has read the deployment's control log to its end
 * @param active the active color, or {@code null} if none is recorded
 * @param epoch the epoch
 * @param colors each color, side by side
 * @param inProgress the switch in progress, or {@code null}
 * @param waitingFor the instances of the old color the switch in progress waits for
 * @param history the switches that ended, newest first
 * @param lastRequest the last switch requested through this console, or {@code null}
 * @param target the color a switch would make active, or {@code null} if none may be
 * switched to now
 * @param problem why no switch is offered, or {@code null}
 * @param now when the page was made
 * @author bluegreen
 */
public record DeploymentPage(String name, String controlTopic, boolean readable, @Nullable String active, long epoch,
		List<ColorPanel> colors, @Nullable SwitchInProgress inProgress, List<String> waitingFor,
		List<EndedSwitch> history, DeploymentFleet.@Nullable ConsoleSwitch lastRequest, @Nullable String target,
		@Nullable String problem, Instant now) {

	/**
	 * One color of a deployment.
	 *
	 * @param color the color
	 * @param active whether it is the active color
	 * @param instances its live instances, by id
	 * @param lag the lag of its consumer groups
	 */
	public record ColorPanel(String color, boolean active, List<InstanceReport> instances, List<GroupLag> lag) {

	}

}
