package io.bluegreen.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleTransitionEvent;

import org.springframework.context.ApplicationListener;

/**
 * Micrometer metrics of the lifecycle: a gauge per state that is 1 for the current state
 * and 0 otherwise, a counter of transitions, a timer of drains and a counter of records
 * fetched while paused, a fault.
 *
 * @author bluegreen
 */
public class LifecycleMetrics implements MeterBinder, ApplicationListener<LifecycleTransitionEvent> {

	/**
	 * Gauge per state, tagged {@code state} and {@code color}: 1 for the current state.
	 */
	public static final String STATE = "bluegreen.lifecycle.state";

	/**
	 * Counter of state transitions, tagged {@code from}, {@code to} and {@code color}.
	 */
	public static final String TRANSITIONS = "bluegreen.lifecycle.transitions";

	/**
	 * Timer of drains, tagged {@code outcome} ({@code completed} or {@code cancelled})
	 * and {@code color}.
	 */
	public static final String DRAIN = "bluegreen.lifecycle.drain";

	/**
	 * Counter of records that consumers fetched although bluegreen held every one of
	 * their partitions paused, tagged {@code color}. Never expected: any is a fault. Such
	 * records are not handed to the listener.
	 */
	public static final String FETCHED_WHILE_PAUSED = "bluegreen.lifecycle.fetched.while.paused";

	/**
	 * Tag value for an application without a configured color.
	 */
	public static final String NO_COLOR = "none";

	private final LifecycleService lifecycleService;

	private final String color;

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Create a new instance.
	 * @param lifecycleService the lifecycle service
	 */
	public LifecycleMetrics(LifecycleService lifecycleService) {
		this.lifecycleService = lifecycleService;
		this.color = (lifecycleService.getColor() != null) ? lifecycleService.getColor() : NO_COLOR;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (LifecycleState state : LifecycleState.values()) {
			Gauge.builder(STATE, this.lifecycleService, (service) -> (service.getState() == state) ? 1 : 0)
				.description("Whether the lifecycle is in the state given by the state tag (1) or not (0)")
				.tags(Tags.of("state", state.name(), "color", this.color))
				.register(registry);
		}
		for (LifecycleState from : LifecycleState.values()) {
			for (LifecycleState to : LifecycleState.values()) {
				if (from != to) {
					transitions(registry, from, to);
				}
			}
		}
		drainTimer(registry, "completed");
		drainTimer(registry, "cancelled");
		FunctionCounter.builder(FETCHED_WHILE_PAUSED, this.lifecycleService, LifecycleService::fetchedWhilePaused)
			.description("Records fetched by consumers that bluegreen held paused; any is a fault")
			.tags(Tags.of("color", this.color))
			.register(registry);
		this.registry = registry;
	}

	@Override
	public void onApplicationEvent(LifecycleTransitionEvent event) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		transitions(registry, event.getFrom(), event.getTo()).increment();
		Duration drainDuration = event.getDrainDuration();
		if (drainDuration != null) {
			String outcome = (event.getTo() == LifecycleState.PAUSED) ? "completed" : "cancelled";
			drainTimer(registry, outcome).record(drainDuration);
		}
	}

	private Counter transitions(MeterRegistry registry, LifecycleState from, LifecycleState to) {
		return Counter.builder(TRANSITIONS)
			.description("Lifecycle state transitions")
			.tags(Tags.of("from", from.name(), "to", to.name(), "color", this.color))
			.register(registry);
	}

	private Timer drainTimer(MeterRegistry registry, String outcome) {
		return Timer.builder(DRAIN)
			.description("Time from a pause request until the drain completed or was cancelled")
			.tags(Tags.of("outcome", outcome, "color", this.color))
			.register(registry);
	}

}
