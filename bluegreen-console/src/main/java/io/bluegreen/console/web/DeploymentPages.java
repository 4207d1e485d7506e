package io.bluegreen.console.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.bluegreen.console.fleet.ClusterConnection;
import io.bluegreen.console.fleet.DeploymentFleet;
import io.bluegreen.console.fleet.Deployments;
import io.bluegreen.console.fleet.GroupLag;
import io.bluegreen.console.fleet.LagCache;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchInProgress;

import org.springframework.stereotype.Component;

/**
 * Makes what the pages show from the deployments' control logs, their groups' lag and the
 * connection to the cluster.
 *
 * @author bluegreen
 */
@Component
public class DeploymentPages {

	private final Deployments deployments;

	private final LagCache lagCache;

	private final ClusterConnection connection;

	DeploymentPages(Deployments deployments, LagCache lagCache, ClusterConnection connection) {
		this.deployments = deployments;
		this.lagCache = lagCache;
		this.connection = connection;
	}

	/**
	 * Return why the console cannot reach the cluster.
	 * @return the problem, or {@code null} while it can
	 */
	public @Nullable String connectionProblem() {
		return this.connection.problem();
	}

	/**
	 * Return a line for every deployment found.
	 * @return the lines, by name
	 */
	public List<DeploymentSummary> summaries() {
		List<DeploymentSummary> summaries = new ArrayList<>();
		for (DeploymentFleet fleet : this.deployments.all()) {
			FleetView view = fleet.view();
			DesiredState desired = view.desired();
			Map<String, Integer> live = new LinkedHashMap<>();
			fleet.colors().forEach((color) -> live.put(color, 0));
			fleet.live(view).forEach((report) -> live.merge(report.color(), 1, Integer::sum));
			Instant lastSwitchAt = (desired != null && desired.lastSwitch() != null) ? desired.lastSwitch().endedAt()
					: null;
			summaries.add(new DeploymentSummary(fleet.name(), (desired != null) ? desired.active() : null, live,
					desired != null && desired.switchInProgress() != null, lastSwitchAt));
		}
		return summaries;
	}

	/**
	 * Return the page of a deployment.
	 * @param fleet the deployment
	 * @return the page
	 */
	public DeploymentPage page(DeploymentFleet fleet) {
		FleetView view = fleet.view();
		DesiredState desired = view.desired();
		List<InstanceReport> live = fleet.live(view);
		boolean connected = this.connection.connected();
		List<DeploymentPage.ColorPanel> colors = new ArrayList<>();
		for (String color : fleet.colors()) {
			List<InstanceReport> instances = live.stream().filter((report) -> report.color().equals(color)).toList();
			List<GroupLag> lag = connected ? this.lagCache.lag(groups(view, color)) : List.of();
			colors.add(new DeploymentPage.ColorPanel(color, desired != null && color.equals(desired.active()),
					instances, lag));
		}
		SwitchInProgress inProgress = (desired != null) ? desired.switchInProgress() : null;
		// As the instances tell it: the members of the
		// old color's groups count, not only the reports
		List<String> waitingFor = (inProgress != null) ? fleet.status().waitingFor() : List.of();
		String target = null;
		String problem = null;
		if (!connected) {
			problem = "No connection to Kafka: " + this.connection.problem();
		}
		else if (!view.readable()) {
			problem = "The control topic is not read yet";
		}
		else if (inProgress != null) {
			problem = "A switch is in progress";
		}
		else {
			target = target(fleet, desired, live);
			if (target == null) {
				problem = "No live instance of another color to switch to";
			}
		}
		return new DeploymentPage(fleet.name(), fleet.controlTopic(), view.readable(),
				(desired != null) ? desired.active() : null, (desired != null) ? desired.epoch() : 0, colors,
				inProgress, waitingFor, fleet.history(), fleet.lastRequest(), target, problem, Instant.now());
	}

	private static @Nullable String target(DeploymentFleet fleet, @Nullable DesiredState desired,
			List<InstanceReport> live) {
		for (String color : fleet.colors()) {
			boolean active = desired != null && desired.active().equals(color);
			if (!active && live.stream().anyMatch((report) -> report.color().equals(color))) {
				return color;
			}
		}
		return null;
	}

	/**
	 * Return the consumer groups of a color, as its instances reported them.
	 */
	private static Set<String> groups(FleetView view, String color) {
		Set<String> groups = new TreeSet<>();
		view.reports()
			.values()
			.stream()
			.filter((report) -> report.color().equals(color))
			.forEach((report) -> groups.addAll(report.groups().values()));
		return groups;
	}

}
