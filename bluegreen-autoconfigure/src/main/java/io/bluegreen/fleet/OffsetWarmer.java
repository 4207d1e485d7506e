package io.bluegreen.fleet;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.bluegreen.lifecycle.LifecycleState;


/**
 * Keeps the paused colors' groups in step with the active color, so that lag tooling sees
 * their real lag and an emergency promotion starts from current offsets. One live
 * instance of the active color does it: the one with the smallest id. It runs on the
 * fleet's executor, so a copy never overlaps this instance applying a switch, and a switch
 * cannot hand over before this instance confirmed its pause.
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
		super(executor, settings.offsetSyncInterval());
		this.settings = settings;
		this.log = log;
		this.directive = directive;
		this.instance = instance;
		this.offsets = offsets;
		this.liveness = liveness;
	}

	@Override
	protected void runOnce() {
		FleetView view = this.log.view();
		DesiredState desired = view.desired();
		if (desired == null || !desired.isConsuming(this.settings.color())
				|| desired.version() != this.directive.appliedVersion()
				|| this.instance.state() != LifecycleState.ACTIVE || !isLeader(view)) {
			return;
		}
		Map<String, String> sources = new HashMap<>();
		this.instance.groups(this.settings.color()).forEach((configured, group) -> {
			for (String color : this.settings.colors()) {
				if (!color.equals(this.settings.color())) {
					sources.put(this.instance.groupId(configured, color), group);
				}
			}
		});
		try {
			this.offsets.copy(sources);
		}
		catch (IllegalStateException ex) {
			logger.warn("Could not bring the paused colors' offsets up to date: " + ex.getMessage());
		}
	}

	private boolean isLeader(FleetView view) {
		return this.liveness.live(view, this.settings.color())
			.stream()
			.filter((report) -> report.state() == LifecycleState.ACTIVE)
			.allMatch((report) -> report.instanceId().compareTo(this.settings.instanceId()) >= 0);
	}

}
