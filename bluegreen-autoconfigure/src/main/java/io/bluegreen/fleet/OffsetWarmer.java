package io.bluegreen.fleet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * Keeps the paused colors' groups in step with the active color, so that lag tooling sees
 * their real lag and an emergency promotion starts from current offsets. One live
 * instance of the active color does it: the one with the smallest id. It runs on the
 * fleet's executor, and the broker's answers come back to it there; this instance
 * confirms a pause only once a copy under way ended (see {@link #isCopying()}), so a
 * switch cannot hand over before a copy of older offsets landed. It copies only once it
 * caught up with the control log, and never moves a group's offset back: an instance cut
 * off from the log, whose consumers a switch took for gone, would otherwise copy its
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

	// Confined to the executor: a round of warming is under way
	private boolean warming;

	// The copy under way, or the last one
	private volatile CompletableFuture<?> copying = CompletableFuture.completedFuture(null);

	private final List<Runnable> copyListeners = new CopyOnWriteArrayList<>();

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
		this.warming = true;
		CompletableFuture<Void> round = new CompletableFuture<>();
		round.whenComplete((result, ex) -> this.warming = false);
		whenLeader(this.log.view(), () -> {
			// Only on what was written up to now: an instance cut off from the log may
			// hold a view in which its color is still active
			this.log.caughtUp().thenRun(() -> executor().execute(() -> {
				// The latest view, at least as recent as the one caught up
				FleetView latest = this.log.view();
				if (isRunning() && mayWarm(latest)) {
					whenLeader(latest, () -> warm(round), round);
				}
				else {
					round.complete(null);
				}
			}));
		}, round);
	}

	/**
	 * Return whether a copy into the other colors' groups is under way. This instance
	 * confirms a pause only once it ended: a switch must not hand over before a copy of
	 * older offsets landed.
	 * @return whether a copy is under way
	 */
	public boolean isCopying() {
		return !this.copying.isDone();
	}

	/**
	 * Register a listener called on the executor whenever a copy ended.
	 * @param listener the listener
	 */
	public void onCopied(Runnable listener) {
		this.copyListeners.add(listener);
	}

	private boolean mayWarm(FleetView view) {
		DesiredState desired = view.desired();
		return desired != null && desired.isConsuming(this.settings.color())
				&& desired.version() == this.directive.appliedVersion()
				&& this.instance.state() == LifecycleState.ACTIVE;
	}

	/**
	 * Continue on the executor if this instance leads the warming, else end the round.
	 */
	private void whenLeader(FleetView view, Runnable then, CompletableFuture<Void> round) {
		this.liveness.liveAsync(view, this.settings.color()).whenCompleteAsync((live, ex) -> {
			if (ex == null && isLeader(live) && isRunning() && mayWarm(this.log.view())) {
				then.run();
			}
			else {
				round.complete(null);
			}
		}, executor()::execute);
	}

	private void warm(CompletableFuture<Void> round) {
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
		CompletableFuture<Map<String, List<PartitionOffset>>> copy;
		try {
			// Forward only: a group that consumed since is never moved back
			copy = this.offsets.copyForward(sources);
		}
		catch (IllegalStateException ex) {
			copy = CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<Void> copied = copy.handleAsync((result, ex) -> {
			if (ex != null) {
				logger.warn("Could not bring the paused colors' offsets up to date: " + Completions.message(ex));
			}
			round.complete(null);
			// Reporters waiting to confirm a pause go on
			this.copyListeners.forEach(Runnable::run);
			return null;
		}, executor()::execute);
		this.copying = copied;
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

	private boolean isLeader(List<InstanceReport> live) {
		return live.stream()
			.filter((report) -> report.state() == LifecycleState.ACTIVE)
			.allMatch((report) -> report.instanceId().compareTo(this.settings.instanceId()) >= 0);
	}

}
