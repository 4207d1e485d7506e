package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import io.bluegreen.kafka.BrokerMetadata;
import io.bluegreen.kafka.ColorGroups;
import io.bluegreen.kafka.GroupOffsetsWriter;
import io.bluegreen.kafka.HandoverSeeks;
import io.bluegreen.kafka.PausePositions;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleTransitionEvent;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Makes this instance follow the desired state of its deployment. Before the listener
 * containers start it gives them its color's consumer groups and reads the control topic
 * to decide the initial state; then it pauses when a switch away from its color starts,
 * resumes at the handover offsets when its color becomes active, and reports what it did.
 * While its color is active, one instance of it copies the color's committed offsets to
 * the groups of the paused colors. It also aborts a switch whose coordinator did not end
 * it before its deadline.
 * <p>
 * Everything runs on one agent thread, so a report never overtakes the change it
 * describes and an offset copy never overlaps a switch.
 *
 * @author bluegreen
 */
public class FleetAgent implements SmartLifecycle, ApplicationListener<LifecycleTransitionEvent> {

	/**
	 * Phase of the agent: before the lifecycle service starts, after it stops.
	 */
	public static final int PHASE = LifecycleService.PHASE - 100;

	private static final Duration FIRST_HEARTBEAT = Duration.ofMillis(100);

	private static final Duration WITHDRAW_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(FleetAgent.class);

	private final FleetSettings settings;

	private final ControlChannel channel;

	private final FleetDirective directive;

	private final ObjectProvider<LifecycleService> lifecycleService;

	private final ColorGroups colorGroups;

	private final PausePositions pausePositions;

	private final HandoverSeeks handoverSeeks;

	private final BrokerMetadata brokerMetadata;

	private final GroupOffsetsWriter offsetsWriter;

	private final Clock clock;

	private final ScheduledExecutorService executor;

	private volatile boolean running;

	// Confined to the agent thread
	private long appliedVersion;

	private long appliedEpoch;

	private Instant lastOffsetSync = Instant.EPOCH;

	/**
	 * Create a new agent.
	 * @param settings who this instance is
	 * @param channel the control topic
	 * @param directive where the agent records what the fleet wants of this instance
	 * @param lifecycleService the lifecycle of this instance, resolved lazily: the
	 * lifecycle service must not start before the agent decided its initial state
	 * @param colorGroups the consumer groups per color
	 * @param pausePositions the member ids of the paused consumers
	 * @param handoverSeeks where resumed partitions continue
	 * @param brokerMetadata reader of committed offsets
	 * @param offsetsWriter writer of the paused colors' offsets
	 * @param clock the clock
	 */
	public FleetAgent(FleetSettings settings, ControlChannel channel, FleetDirective directive,
			ObjectProvider<LifecycleService> lifecycleService, ColorGroups colorGroups, PausePositions pausePositions,
			HandoverSeeks handoverSeeks, BrokerMetadata brokerMetadata, GroupOffsetsWriter offsetsWriter, Clock clock) {
		this.settings = settings;
		this.channel = channel;
		this.directive = directive;
		this.lifecycleService = lifecycleService;
		this.colorGroups = colorGroups;
		this.pausePositions = pausePositions;
		this.handoverSeeks = handoverSeeks;
		this.brokerMetadata = brokerMetadata;
		this.offsetsWriter = offsetsWriter;
		this.clock = clock;
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "bluegreen-fleet-" + settings.instanceId());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public void start() {
		this.colorGroups.apply(this.settings.color(), this.settings.instanceId());
		this.channel.start();
		boolean caughtUp = this.channel.awaitCaughtUp(this.settings.startupTimeout());
		CompletableFuture.runAsync(() -> bootstrap(caughtUp), this.executor).join();
		// Initializing transactions takes a while: not during the first switch, and not on
		// the agent thread, which must keep following the desired state
		CompletableFuture.runAsync(this::prepareOffsetsWriter);
		this.channel.onChange((view) -> this.executor.execute(() -> follow(view.desired())));
		// A change read between the bootstrap and the registration above
		this.executor.execute(() -> follow(this.channel.view().desired()));
		// The first heartbeat reports the state the lifecycle service starts in next
		long interval = this.settings.heartbeatInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::heartbeat, FIRST_HEARTBEAT.toMillis(), interval,
				TimeUnit.MILLISECONDS);
		this.running = true;
	}

	private void bootstrap(boolean caughtUp) {
		if (!caughtUp) {
			logger.warn("Could not read the control topic within " + this.settings.startupTimeout()
					+ "; starting paused until the desired state of deployment '" + this.settings.deployment()
					+ "' is known");
			this.directive.set(LifecycleState.PAUSED, "the control topic could not be read yet");
			return;
		}
		DesiredState desired = this.channel.view().desired();
		if (desired == null && this.settings.initialState() == LifecycleState.ACTIVE) {
			desired = claim();
		}
		if (desired == null) {
			this.directive.set(LifecycleState.PAUSED, "nothing is recorded for deployment '"
					+ this.settings.deployment() + "' and this instance starts paused; " + switchHint());
			return;
		}
		apply(desired, true);
	}

	/**
	 * Nothing is recorded and this instance would start active: record its color as the
	 * active one, unless another instance did so first.
	 */
	private @Nullable DesiredState claim() {
		try {
			return this.channel
				.propose(DesiredState.initial(this.settings.color(), this.settings.instanceId(), this.clock.instant()))
				.current();
		}
		catch (IllegalStateException ex) {
			logger.warn("Could not record the initial desired state; starting paused: " + ex.getMessage());
			return null;
		}
	}

	private void prepareOffsetsWriter() {
		try {
			this.offsetsWriter.prepare();
		}
		catch (IllegalStateException ex) {
			logger.warn("Transactional offset commits are not available; switches will fail until they are: "
					+ ex.getMessage());
		}
	}

	private void follow(@Nullable DesiredState desired) {
		if (desired != null && desired.version() > this.appliedVersion) {
			apply(desired, false);
		}
	}

	private void apply(DesiredState desired, boolean initial) {
		this.appliedVersion = desired.version();
		this.appliedEpoch = desired.appliedEpoch();
		SwitchInProgress inProgress = desired.switchInProgress();
		if (inProgress == null && this.settings.color().equals(desired.active())) {
			this.directive.set(LifecycleState.ACTIVE, "color '" + this.settings.color() + "' is active");
			if (!initial) {
				this.handoverSeeks.set(handoverOffsets(desired));
				request(LifecycleState.ACTIVE);
			}
		}
		else {
			String explanation = (inProgress != null)
					? "a switch of deployment '" + this.settings.deployment() + "' from " + inProgress.from() + " to "
							+ inProgress.to() + " is in progress"
					: "color '" + this.settings.color() + "' is not active in deployment '"
							+ this.settings.deployment() + "' (active: " + desired.active() + "); " + switchHint();
			// The handover offsets stay: a resume already requested must still use them
			this.directive.set(LifecycleState.PAUSED, explanation);
			if (!initial) {
				request(LifecycleState.PAUSED);
			}
		}
		report();
	}

	private String switchHint() {
		return "switch the deployment with POST /actuator/bluegreen {\"active\":\"" + this.settings.color() + "\"}";
	}

	private static Map<String, Map<TopicPartition, Long>> handoverOffsets(DesiredState desired) {
		Map<String, Map<TopicPartition, Long>> offsets = new HashMap<>();
		desired.handover().forEach((group, partitions) -> offsets.put(group, PartitionOffset.mapOf(partitions)));
		return offsets;
	}

	private void request(LifecycleState target) {
		lifecycle().request(target).whenComplete((result, ex) -> {
			if (ex != null) {
				logger.error("Could not apply " + target + " as the fleet requires", ex);
			}
			submit(this::report);
		});
	}

	/**
	 * Report every change of this instance's lifecycle state.
	 * @param event the change
	 */
	@Override
	public void onApplicationEvent(LifecycleTransitionEvent event) {
		submit(this::report);
	}

	private void submit(Runnable task) {
		if (!this.executor.isShutdown()) {
			this.executor.execute(task);
		}
	}

	private void heartbeat() {
		try {
			report();
			abortExpiredSwitch();
			syncPausedOffsets();
		}
		catch (RuntimeException ex) {
			logger.warn("Fleet heartbeat failed: " + ex.getMessage());
		}
	}

	private void report() {
		if (!lifecycle().isRunning()) {
			// Its state is not the one it will start in yet
			return;
		}
		LifecycleState state = lifecycle().getState();
		// Once paused, the positions of the paused partitions are proven committed
		Map<String, List<PartitionOffset>> committed = new HashMap<>();
		if (state == LifecycleState.PAUSED) {
			this.pausePositions.byGroup()
				.forEach((group, offsets) -> committed.put(group, PartitionOffset.listOf(offsets)));
		}
		InstanceReport report = new InstanceReport(this.settings.instanceId(), this.settings.color(), state,
				this.appliedEpoch, this.appliedVersion, new ArrayList<>(this.pausePositions.memberIds()),
				this.colorGroups.clientIds(), committed, this.clock.instant());
		try {
			this.channel.report(report);
		}
		catch (IllegalStateException ex) {
			logger.warn("Could not report to the control topic: " + ex.getMessage());
		}
	}

	/**
	 * Abort a switch whose deadline passed: its coordinator died or lost the control
	 * topic. The log accepts only the first ending of a switch, so a coordinator that
	 * completes it at the same moment cannot also win.
	 */
	private void abortExpiredSwitch() {
		DesiredState desired = this.channel.view().desired();
		SwitchInProgress inProgress = (desired != null) ? desired.switchInProgress() : null;
		Instant now = this.clock.instant();
		if (desired == null || inProgress == null || now.isBefore(inProgress.deadline())) {
			return;
		}
		logger.warn("Switch " + inProgress.id() + " from " + inProgress.from() + " to " + inProgress.to()
				+ " passed its deadline without ending; aborting it");
		this.channel.propose(desired.abort("coordinator " + inProgress.coordinator()
				+ " did not end the switch before its deadline", List.of(inProgress.coordinator()),
				this.settings.instanceId(), now));
	}

	/**
	 * Keep the paused colors' groups in step with the active color, so lag tooling sees
	 * their real lag and an emergency promotion starts from current offsets. One live
	 * instance of the active color does it: the one with the smallest id.
	 */
	private void syncPausedOffsets() {
		DesiredState desired = this.channel.view().desired();
		Instant now = this.clock.instant();
		if (desired == null || desired.switchInProgress() != null || !this.settings.color().equals(desired.active())
				|| desired.version() != this.appliedVersion
				|| lifecycle().getState() != LifecycleState.ACTIVE
				|| now.isBefore(this.lastOffsetSync.plus(this.settings.offsetSyncInterval())) || !isSyncLeader(now)) {
			return;
		}
		this.lastOffsetSync = now;
		Map<String, Map<TopicPartition, Long>> copies = new HashMap<>();
		this.colorGroups.of(this.settings.color()).forEach((configured, group) -> {
			Map<TopicPartition, Long> committed = this.brokerMetadata.committedOffsets(group);
			for (String color : this.settings.colors()) {
				if (!color.equals(this.settings.color())) {
					copies.put(this.colorGroups.groupId(configured, color), committed);
				}
			}
		});
		this.offsetsWriter.commit(copies);
	}

	private boolean isSyncLeader(Instant now) {
		return this.channel.view()
			.live(this.settings.color(), now, this.settings.instanceTimeout())
			.stream()
			.filter((report) -> report.state() == LifecycleState.ACTIVE)
			.map(InstanceReport::instanceId)
			.allMatch((id) -> id.compareTo(this.settings.instanceId()) >= 0);
	}

	private void withdraw() {
		CompletableFuture<Void> withdrawn = CompletableFuture.runAsync(this.channel::withdraw, this.executor);
		try {
			withdrawn.get(WITHDRAW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Report of this instance not withdrawn; it expires after the instance timeout", ex);
		}
	}

	private LifecycleService lifecycle() {
		return this.lifecycleService.getObject();
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.channel.isCaughtUp()) {
			withdraw();
		}
		this.executor.shutdownNow();
		this.channel.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
