package io.bluegreen.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The fleet of a deployment as this instance sees it, and the switch of its active color:
 * validates a request against the decided state and hands it to the
 * {@link SwitchCoordinator}.
 *
 * @author bluegreen
 */
public class FleetService {

	private final FleetSettings settings;

	private final ControlLog log;

	private final Liveness liveness;

	private final SwitchCoordinator coordinator;

	private final FleetExecutor executor;

	private final ApplicationEventPublisher eventPublisher;

	/**
	 * Create a new service.
	 * @param settings who this instance is
	 * @param log the control log
	 * @param liveness which instances are live
	 * @param coordinator the coordinator of the switches this instance is asked for
	 * @param executor the executor of the fleet's work
	 * @param eventPublisher publisher of a {@link FleetSwitchEvent} for each switch this
	 * instance coordinated
	 */
	public FleetService(FleetSettings settings, ControlLog log, Liveness liveness, SwitchCoordinator coordinator,
			FleetExecutor executor, ApplicationEventPublisher eventPublisher) {
		this.settings = settings;
		this.log = log;
		this.liveness = liveness;
		this.coordinator = coordinator;
		this.executor = executor;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Return the colors the deployment may switch between.
	 * @return the colors
	 */
	public List<String> colors() {
		return this.settings.colors();
	}

	/**
	 * Return the configured color that matches a requested one, ignoring case.
	 * @param requested the requested color
	 * @return the configured color, if any
	 */
	public Optional<String> color(String requested) {
		return this.settings.color(requested);
	}

	/**
	 * Return the fleet as this instance sees it. May wait for the broker to tell which
	 * instances are live: call it on a thread of the caller's, never on the fleet's
	 * executor.
	 * @return the status
	 */
	public FleetStatus status() {
		FleetView view = this.log.view();
		DesiredState desired = view.desired();
		List<InstanceReport> live = this.liveness.live(view);
		int consuming = (desired == null) ? 0 : (int) live.stream()
			.filter((report) -> report.color().equals(desired.active()) && report.state() == LifecycleState.ACTIVE)
			.count();
		return new FleetStatus(this.settings.deployment(), this.settings.instanceId(), view.readable(),
				(desired != null) ? desired.active() : null, (desired != null) ? desired.epoch() : 0,
				(desired != null) ? desired.switchInProgress() : null, (desired != null) ? desired.lastSwitch() : null,
				consuming, live, this.coordinator.waitingFor(view, live), this.log.refusals().counts());
	}

	/**
	 * Return the records of the control topic this instance refused.
	 * @return the refusals, by problem
	 */
	public ControlRecordRefusals refusals() {
		return this.log.refusals();
	}

	/**
	 * Make a color the active color of the deployment, and wait until the switch ended.
	 * @param requestedColor one of the configured colors, in any case
	 * @return how the switch ended
	 * @throws IllegalArgumentException if the color is not one of the configured colors
	 */
	public SwitchResult switchTo(String requestedColor) {
		return startSwitch(requestedColor).join();
	}

	/**
	 * Make a color the active color of the deployment.
	 * @param requestedColor one of the configured colors, in any case
	 * @return how the switch ended, completed on the fleet's executor
	 * @throws IllegalArgumentException if the color is not one of the configured colors
	 */
	public CompletableFuture<SwitchResult> startSwitch(String requestedColor) {
		return startSwitch(requestedColor, null, null);
	}

	/**
	 * Make a color the active color of the deployment, recording who asked and why in the
	 * control log with the switch.
	 * @param requestedColor one of the configured colors, in any case
	 * @param requestedBy who asks, or {@code null}
	 * @param requestReason why, or {@code null}
	 * @return how the switch ended, completed on the fleet's executor
	 * @throws IllegalArgumentException if the color is not one of the configured colors
	 */
	public CompletableFuture<SwitchResult> startSwitch(String requestedColor, @Nullable String requestedBy,
			@Nullable String requestReason) {
		String to = this.settings.color(requestedColor)
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown color '" + requestedColor + "'; allowed values: " + this.settings.colors()));
		Instant requestedAt = now();
		CompletableFuture<SwitchResult> result = new CompletableFuture<>();
		this.executor.execute(() -> begin(to, requestedAt, requestedBy, requestReason).whenComplete((switched, ex) -> {
			if (ex != null) {
				result.completeExceptionally(ex);
				return;
			}
			SwitchOutcome outcome = switched.outcome();
			if (outcome == SwitchOutcome.COMPLETED || outcome == SwitchOutcome.ABORTED
					|| outcome == SwitchOutcome.UNKNOWN) {
				this.eventPublisher
					.publishEvent(new FleetSwitchEvent(this, switched, Duration.between(requestedAt, now())));
			}
			result.complete(switched);
		}));
		return result;
	}

	private CompletableFuture<SwitchResult> begin(String to, Instant requestedAt, @Nullable String requestedBy,
			@Nullable String requestReason) {
		FleetView view = this.log.view();
		CompletableFuture<SwitchResult> refused = refusal(view, to);
		if (refused != null) {
			return refused;
		}
		// Whether the color has a live instance may take the broker's answer; the log may
		// have changed meanwhile, and the request goes on from what it holds then
		return this.liveness.liveAsync(view, to).thenComposeAsync((live) -> {
			FleetView latest = this.log.view();
			CompletableFuture<SwitchResult> refusedNow = refusal(latest, to);
			if (refusedNow != null) {
				return refusedNow;
			}
			if (live.isEmpty()) {
				return refused(SwitchOutcome.CONFLICT, latest.desired(), to, "no live instance of color '" + to
						+ "' in deployment '" + this.settings.deployment() + "'; start it before switching to it");
			}
			return begin(view, latest, to, requestedAt, requestedBy, requestReason);
		}, this.executor::execute);
	}

	private CompletableFuture<SwitchResult> begin(FleetView requested, FleetView view, String to, Instant requestedAt,
			@Nullable String requestedBy, @Nullable String requestReason) {
		// A view read after a loss of the control topic may hold no state before it is
		// written again: a state the request's view held is never taken for none
		DesiredState desired = (view.desired() != null) ? view.desired() : requested.desired();
		if (desired == null) {
			return this.coordinator.first(to, view);
		}
		List<String> unpaired = this.coordinator.unpaired(view, desired.active(), to);
		if (!unpaired.isEmpty()) {
			return refused(SwitchOutcome.CONFLICT, desired, to, "color '" + to + "' would resume where its groups "
					+ "were seeded, with no offsets handed over: " + String.join("; ", unpaired));
		}
		return this.coordinator.run(desired, to, requestedAt, requestedBy, requestReason);
	}

	/**
	 * Refuse a switch the log shows cannot start: not read yet, another switch in
	 * progress, or the color already active.
	 */
	private @Nullable CompletableFuture<SwitchResult> refusal(FleetView view, String to) {
		if (!view.readable()) {
			return refused(SwitchOutcome.CONFLICT, null, to, "this instance has not read the control topic yet");
		}
		DesiredState desired = view.desired();
		if (desired != null && desired.switchInProgress() != null) {
			SwitchInProgress other = desired.switchInProgress();
			// Which silent instances the switch waits for may take the broker's answer
			return this.liveness.liveAsync(view, other.from()).thenApplyAsync((live) -> {
				List<String> waitingFor = this.coordinator.waitingFor(view, live);
				return SwitchResult.of(SwitchOutcome.CONFLICT, this.settings.deployment(), desired, to,
						"switch " + other.id() + " from " + other.from() + " to " + other.to() + " by "
								+ other.coordinator() + " is in progress"
								+ (waitingFor.isEmpty() ? "" : ", waiting for " + String.join("; ", waitingFor)));
			}, this.executor::execute);
		}
		if (desired != null && desired.active().equals(to)) {
			return refused(SwitchOutcome.UNCHANGED, desired, to, "color '" + to + "' is already active");
		}
		return null;
	}

	private CompletableFuture<SwitchResult> refused(SwitchOutcome outcome, @Nullable DesiredState desired, String to,
			String reason) {
		return CompletableFuture
			.completedFuture(SwitchResult.of(outcome, this.settings.deployment(), desired, to, reason));
	}

	private Instant now() {
		return this.settings.clock().instant();
	}

}
