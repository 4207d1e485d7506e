package io.bluegreen.fleet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * Keeps the paused colors' groups in step with the active color, so that lag tooling sees
 * their real lag and an emergency promotion starts from current offsets. One live
 * instance of the active color does it: the one with the smallest id. It runs on the
 * fleet's executor, so a copy never overlaps this instance applying a switch, and a
 * switch cannot hand over before this instance confirmed its pause. It copies only once
 * it caught up with the control log, and never moves a group's offset back: an instance
 * cut off from the log, whose consumers a switch took for gone, would otherwise copy its
 * color's older offsets over those of the color that became active.
 *
 * @author bluegreen
 */
public class OffsetWarmer extends PeriodicJob {

	private static final Log logger = LogFactory.getLog(OffsetWarmer.class);

	private final FleetSettings settings;

	private final ControlLog log;

	private final FleetDirective directive;

	private final LocalInstance instance;

	private final ColorOffsets offsets;

	private final Liveness liveness;

	// Confined to the executor: a catch-up before warming is under way
	private boolean warming;

	/**
	 * Create a new warmer.
	 * @param settings who this instance is
	 * @param log the control log
	 * @param directive the desired state this instance applied
	 * @param instance this instance
	 * @param offsets the colors' committed offsets
	 * @param liveness which instances are live
	 * @param executor the executor of the fleet's work
	 */
	public OffsetWarmer(FleetSettings settings, ControlLog log, FleetDirective directive, LocalInstance instance,
			ColorOffsets offsets, Liveness liveness, FleetExecutor executor) {
		super(executor, settings.offsetSyncInterval(), settings.clock());
		this.settings = settings;
		this.log = log;
		this.directive = directive;
		this.instance = instance;
		this.offsets = offsets;
		this.liveness = liveness;
	}

	@Override
	protected void runOnce() {
		if (this.warming || !mayWarm(this.log.view())) {
			return;
		}
		// Only on what was written up to now: an instance cut off from the log may hold a
		// view in which its color is still active
		this.warming = true;
		this.log.caughtUp().thenRun(() -> executor().execute(() -> {
			this.warming = false;
			// The latest view, at least as recent as the one caught up
			if (isRunning() && mayWarm(this.log.view())) {
				warm();
			}
		}));
	}

	private boolean mayWarm(FleetView view) {
		DesiredState desired = view.desired();
		return desired != null && desired.isConsuming(this.settings.color())
				&& desired.version() == this.directive.appliedVersion()
				&& this.instance.state() == LifecycleState.ACTIVE && isLeader(view);
	}

	private void warm() {
		Map<String, String> sources = new HashMap<>();
		Map<String, String> groups = this.instance.groups(this.settings.color());
		groups.forEach((configured, group) -> {
			for (String color : this.settings.colors()) {
				if (!color.equals(this.settings.color())) {
					sources.put(this.instance.groupId(configured, color), group);
				}
			}
		});
		// The other colors' groups as their instances report them: a release there may
		// have renamed a listener's group
		for (InstanceReport report : this.log.view().reports().values()) {
			if (!report.color().equals(this.settings.color())) {
				report.groups().forEach((configured, group) -> {
					String source = sourceOf(configured, report.previousGroups().getOrDefault(configured, List.of()),
							groups);
					if (source != null) {
						sources.putIfAbsent(group, source);
					}
				});
			}
		}
		try {
			// Forward only: a group that consumed since is never moved back
			this.offsets.copyForward(sources);
		}
		catch (IllegalStateException ex) {
			logger.warn("Could not bring the paused colors' offsets up to date: " + ex.getMessage());
		}
	}

	/**
	 * Return this color's group that another color's group of a listener continues from:
	 * the one of the same configured group id, else of one the other listener had in an
	 * earlier release, else of a listener here that had that id in an earlier release.
	 */
	private @Nullable String sourceOf(String configured, List<String> previous, Map<String, String> groups) {
		if (groups.containsKey(configured)) {
			return groups.get(configured);
		}
		for (String id : previous) {
			if (groups.containsKey(id)) {
				return groups.get(id);
			}
		}
		for (Map.Entry<String, List<String>> entry : this.instance.previousGroupIds().entrySet()) {
			if (entry.getValue().contains(configured) && groups.containsKey(entry.getKey())) {
				return groups.get(entry.getKey());
			}
		}
		return null;
	}

	private boolean isLeader(FleetView view) {
		return this.liveness.live(view, this.settings.color())
			.stream()
			.filter((report) -> report.state() == LifecycleState.ACTIVE)
			.allMatch((report) -> report.instanceId().compareTo(this.settings.instanceId()) >= 0);
	}

}
