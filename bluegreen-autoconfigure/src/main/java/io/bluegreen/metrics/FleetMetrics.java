package io.bluegreen.metrics;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.ControlRecordProblem;
import io.bluegreen.fleet.ControlRecordRefusals;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.FleetSwitchEvent;

import org.springframework.context.ApplicationListener;

/**
 * Metrics of the fleet as this instance sees it, tagged with the deployment: which color
 * is active, the epoch, whether a switch is in progress, and the switches this instance
 * coordinated. Every instance reports the same fleet gauges; aggregate them with
 * {@code max by (deployment, color)}.
 *
 * @author bluegreen
 */
public class FleetMetrics implements MeterBinder, ApplicationListener<FleetSwitchEvent> {

	/**
	 * Gauge per color, tagged {@code deployment} and {@code color}: 1 for the active
	 * color while no switch is in progress.
	 */
	public static final String ACTIVE = "bluegreen.fleet.active";

	/**
	 * Gauge of the deployment's epoch, tagged {@code deployment}.
	 */
	public static final String EPOCH = "bluegreen.fleet.epoch";

	/**
	 * Gauge, tagged {@code deployment}: 1 while a switch is in progress.
	 */
	public static final String SWITCH_IN_PROGRESS = "bluegreen.fleet.switch.in.progress";

	/**
	 * Gauge, tagged {@code deployment}: how many live instances of the active color are
	 * {@code ACTIVE}. 0 while no switch is in progress means nothing consumes.
	 */
	public static final String CONSUMING_INSTANCES = "bluegreen.fleet.consuming.instances";

	/**
	 * Timer of the switches this instance coordinated, from the request until they ended,
	 * tagged {@code deployment}, {@code from}, {@code to} and {@code outcome}
	 * ({@code completed}, {@code aborted} or {@code unknown}).
	 */
	public static final String SWITCHES = "bluegreen.fleet.switches";

	/**
	 * Counter of the records of the control topic this instance refused and skipped,
	 * tagged {@code deployment} and {@code reason} (a
	 * {@link ControlRecordProblem#tag()}).
	 */
	public static final String CONTROL_RECORDS_INVALID = "bluegreen.fleet.control.records.invalid";

	private final FleetService fleetService;

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Create a new instance.
	 * @param fleetService the fleet service
	 */
	public FleetMetrics(FleetService fleetService) {
		this.fleetService = fleetService;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String deployment = this.fleetService.status().deployment();
		for (String color : this.fleetService.colors()) {
			Gauge.builder(ACTIVE, this.fleetService, (service) -> isActive(service.status(), color) ? 1 : 0)
				.description("Whether the color given by the color tag is the active color of the deployment (1) "
						+ "or not (0); 0 for every color while a switch is in progress")
				.tags(Tags.of("deployment", deployment, "color", color))
				.register(registry);
		}
		Gauge.builder(EPOCH, this.fleetService, (service) -> service.status().epoch())
			.description("Epoch of the deployment, incremented by every switch")
			.tags(Tags.of("deployment", deployment))
			.register(registry);
		Gauge
			.builder(SWITCH_IN_PROGRESS, this.fleetService,
					(service) -> (service.status().switchInProgress() != null) ? 1 : 0)
			.description("Whether a switch of the deployment is in progress (1) or not (0)")
			.tags(Tags.of("deployment", deployment))
			.register(registry);
		Gauge.builder(CONSUMING_INSTANCES, this.fleetService, (service) -> service.status().consumingInstances())
			.description("Live instances of the active color that are ACTIVE; 0 while no switch is in progress "
					+ "means nothing consumes")
			.tags(Tags.of("deployment", deployment))
			.register(registry);
		ControlRecordRefusals refusals = this.fleetService.refusals();
		for (ControlRecordProblem problem : ControlRecordProblem.values()) {
			FunctionCounter.builder(CONTROL_RECORDS_INVALID, refusals, (counted) -> counted.count(problem))
				.description("Records of the control topic this instance refused and skipped, by reason; "
						+ "they change nothing")
				.tags(Tags.of("deployment", deployment, "reason", problem.tag()))
				.register(registry);
		}
		this.registry = registry;
	}

	private static boolean isActive(FleetStatus status, String color) {
		return status.switchInProgress() == null && color.equals(status.active());
	}

	@Override
	public void onApplicationEvent(FleetSwitchEvent event) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		Duration duration = event.getDuration();
		Timer.builder(SWITCHES)
			.description("Switches this instance coordinated, from the request until they ended")
			.tags(Tags.of("deployment", event.getResult().deployment(), "from",
					String.valueOf(event.getResult().from()), "to", event.getResult().to(), "outcome",
					event.getResult().outcome().name().toLowerCase(Locale.ROOT)))
			.register(registry)
			.record(duration);
	}

}
