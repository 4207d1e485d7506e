package io.bluegreen.sample;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.lifecycle.LifecycleService;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo's console: once a second, each instance's state and throughput, the command
 * that switches the fleet, and how long the last switch took, from the request to the new
 * color's first order.
 *
 * @author bluegreen
 */
final class DemoConsole {

	private static final Duration SAMPLE = Duration.ofMillis(10);

	private final List<Instance> instances;

	private final PrintStream out = System.out;

	private final boolean terminal = System.console() != null;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "demo-console");
		thread.setDaemon(true);
		return thread;
	});

	private final List<String> switches = new ArrayList<>();

	private @Nullable EndedSwitch lastSeen;

	private @Nullable PendingSwitch pending;

	private long ticks;

	DemoConsole(List<Instance> instances) {
		this.instances = instances;
	}

	void start() {
		this.executor.scheduleAtFixedRate(this::sample, 0, SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
	}

	void stop() {
		this.executor.shutdownNow();
	}

	private void sample() {
		try {
			for (Instance instance : this.instances) {
				instance.sample();
			}
			watchSwitches();
			if (this.ticks++ % (1000 / SAMPLE.toMillis()) == 0) {
				print();
				this.instances.forEach(Instance::startSecond);
			}
		}
		catch (RuntimeException ex) {
			// The contexts are closing
		}
	}

	/**
	 * Time a switch from its request to the first order the new color processed.
	 */
	private void watchSwitches() {
		FleetStatus status = this.instances.get(0).fleet();
		EndedSwitch ended = status.lastSwitch();
		if (ended != null && !ended.equals(this.lastSeen)) {
			this.lastSeen = ended;
			Instance to = instance(ended.to());
			this.pending = new PendingSwitch(ended, to.processed);
		}
		PendingSwitch pending = this.pending;
		if (pending != null) {
			EndedSwitch switched = pending.ended();
			if (switched.outcome() != SwitchOutcome.COMPLETED) {
				this.switches.add(String.format("%s -> %s %s: %s", switched.from(), switched.to(), switched.outcome(),
						switched.reason()));
				this.pending = null;
			}
			else if (instance(switched.to()).processed > pending.processedBefore()) {
				long toFirst = Duration.between(switched.startedAt(), Instant.now()).toMillis();
				long decided = Duration.between(switched.startedAt(), switched.endedAt()).toMillis();
				this.switches.add(String.format("%s -> %s: decided after %d ms, first %s order %d ms after the request",
						switched.from(), switched.to(), decided, switched.to(), toFirst));
				this.pending = null;
			}
		}
	}

	private Instance instance(String color) {
		return this.instances.stream().filter((instance) -> instance.color.equals(color)).findFirst().orElseThrow();
	}

	private void print() {
		FleetStatus status = this.instances.get(0).fleet();
		StringBuilder screen = new StringBuilder();
		if (this.terminal) {
			screen.append("\033[H\033[2J");
		}
		screen.append(String.format("bluegreen demo: deployment %s, active color %s, epoch %d%n%n",
				status.deployment(), status.active(), status.epoch()));
		for (Instance instance : this.instances) {
			screen.append(String.format(Locale.ROOT, "  %-6s :%d  %-8s %6d orders/s  %8d orders in all%n",
					instance.color, instance.port, instance.lifecycle().getState(), instance.lastSecond(),
					instance.processed));
		}
		String other = "blue".equals(status.active()) ? "green" : "blue";
		screen.append(String.format("%nSwitch the whole deployment to %s:%n"
				+ "  curl -XPOST localhost:8080/actuator/bluegreen -H 'Content-Type: application/json' "
				+ "-d '{\"active\":\"%s\"}'%n", other, other));
		if (!this.switches.isEmpty()) {
			screen.append(String.format("%nSwitches:%n"));
			this.switches.subList(Math.max(0, this.switches.size() - 5), this.switches.size())
				.forEach((line) -> screen.append("  ").append(line).append(System.lineSeparator()));
		}
		screen.append(String.format("%nCtrl-C stops everything.%n"));
		this.out.print(screen);
		this.out.flush();
	}

	private record PendingSwitch(EndedSwitch ended, long processedBefore) {

	}

	/**
	 * One instance of the demo.
	 */
	static final class Instance {

		private final String color;

		private final int port;

		private final ConfigurableApplicationContext context;

		private long processed;

		private long atSecondStart;

		private long lastSecond;

		Instance(String color, int port, ConfigurableApplicationContext context) {
			this.color = color;
			this.port = port;
			this.context = context;
		}

		private void sample() {
			this.processed = this.context.getBean(OrderListener.class).processed();
		}

		private void startSecond() {
			this.lastSecond = this.processed - this.atSecondStart;
			this.atSecondStart = this.processed;
		}

		private long lastSecond() {
			return this.lastSecond;
		}

		private LifecycleService lifecycle() {
			return this.context.getBean(LifecycleService.class);
		}

		private FleetStatus fleet() {
			return this.context.getBean(FleetService.class).status();
		}

	}

}
