package io.bluegreen.sample;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.lifecycle.LifecycleService;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo's console: each instance's state and throughput, the command that switches the
 * fleet, and how long the last switch took, from the request to the new color's first
 * order. On a terminal it refreshes in place once a second, below the log; otherwise it
 * prints itself again whenever a state changes or a switch ends.
 *
 * @author bluegreen
 */
final class DemoConsole {

	private static final Duration SAMPLE = Duration.ofMillis(10);

	private static final long SAMPLES_PER_SECOND = 1000 / SAMPLE.toMillis();

	private final List<Instance> instances;

	private final String token;

	private final @Nullable Screen screen;

	private final PrintStream out = System.out;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "demo-console");
		thread.setDaemon(true);
		return thread;
	});

	private final List<String> switches = new ArrayList<>();

	private @Nullable EndedSwitch lastSeen;

	private @Nullable PendingSwitch pending;

	private String printedState = "";

	private int printedSwitches;

	private long ticks;

	DemoConsole(List<Instance> instances, String token) {
		this.instances = instances;
		this.token = token;
		this.screen = ansiTerminal() ? new Screen() : null;
	}

	private static boolean ansiTerminal() {
		String term = System.getenv("TERM");
		return System.console() != null && term != null && !term.equals("dumb");
	}

	void start() {
		if (this.screen != null) {
			this.screen.open();
		}
		this.executor.scheduleAtFixedRate(this::sample, 0, SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
	}

	void stop() {
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.screen != null) {
			this.screen.close();
		}
	}

	private void sample() {
		try {
			for (Instance instance : this.instances) {
				instance.sample();
			}
			watchSwitches();
			boolean second = this.ticks++ % SAMPLES_PER_SECOND == 0;
			if (second) {
				this.instances.forEach(Instance::startSecond);
			}
			if (this.screen != null) {
				// Log lines pushed the console away: draw it again below them at once
				if (second || this.screen.erased()) {
					this.screen.draw(render(this.instances.get(0).fleet()));
				}
			}
			else {
				printChanges();
			}
		}
		catch (RuntimeException ex) {
			// The contexts are closing
		}
	}

	/**
	 * Without a terminal to refresh, print the console when the fleet's state changes or
	 * a switch ends, not every second.
	 */
	private void printChanges() {
		FleetStatus status = this.instances.get(0).fleet();
		String state = status.active() + " " + status.epoch() + " "
				+ this.instances.stream()
					.map((instance) -> instance.lifecycle().getState().name())
					.collect(Collectors.joining(" "));
		if (!state.equals(this.printedState) || this.printedSwitches != this.switches.size()) {
			this.printedState = state;
			this.printedSwitches = this.switches.size();
			this.out.print(render(status));
			this.out.flush();
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
				this.switches.add(String.format("%s -> %s: decided after %d ms, first %s order after %d ms",
						switched.from(), switched.to(), decided, switched.to(), toFirst));
				this.pending = null;
			}
		}
	}

	private Instance instance(String color) {
		return this.instances.stream().filter((instance) -> instance.color.equals(color)).findFirst().orElseThrow();
	}

	/**
	 * The console, in lines short enough for an 80-column terminal.
	 */
	private String render(FleetStatus status) {
		StringBuilder screen = new StringBuilder();
		screen.append(String.format("bluegreen demo: deployment %s, active color %s, epoch %d%n%n", status.deployment(),
				status.active(), status.epoch()));
		for (Instance instance : this.instances) {
			screen.append(
					String.format(Locale.ROOT, "  %-6s :%-5d %-8s %6d orders/s  %8d orders in all%n", instance.color,
							instance.port(), instance.lifecycle().getState(), instance.lastSecond, instance.processed));
		}
		String other = "blue".equals(status.active()) ? "green" : "blue";
		screen.append(String.format(
				"%nSwitch the whole deployment to %s (the demo's token is %s):%n"
						+ "  curl -s -XPOST -H 'Content-Type: application/json' \\%n"
						+ "       -H 'Authorization: Bearer %s' \\%n"
						+ "       -d '{\"active\":\"%s\"}' localhost:%d/actuator/bluegreen%n",
				other, this.token, this.token, other, this.instances.get(0).port()));
		if (!this.switches.isEmpty()) {
			screen.append(String.format("%nSwitches:%n"));
			this.switches.subList(Math.max(0, this.switches.size() - 5), this.switches.size())
				.forEach((line) -> screen.append("  ").append(line).append(System.lineSeparator()));
		}
		screen.append(String.format("%nCtrl-C stops everything.%n"));
		return screen.toString();
	}

	private record PendingSwitch(EndedSwitch ended, long processedBefore) {

	}

	/**
	 * The terminal while the console shows. The console is redrawn in place; anything
	 * else written to standard output or error, log lines above all, first erases it, so
	 * it scrolls above the console and is never drawn over.
	 */
	private static final class Screen {

		private static final String CSI = "\033[";

		private final PrintStream out = System.out;

		private final PrintStream err = System.err;

		private int lines;

		void open() {
			System.setOut(through(this.out));
			System.setErr(through(this.err));
		}

		synchronized void close() {
			System.setOut(this.out);
			System.setErr(this.err);
		}

		synchronized void draw(String console) {
			erase();
			// Without line wrapping a line of the console is a line on the screen, which
			// is what erasing counts on
			this.out.print(CSI + "?7l" + console + CSI + "?7h");
			this.out.flush();
			this.lines = (int) console.chars().filter((c) -> c == '\n').count();
		}

		synchronized boolean erased() {
			return this.lines == 0;
		}

		private void erase() {
			if (this.lines > 0) {
				this.out.print("\r" + CSI + this.lines + "A" + CSI + "J");
				this.out.flush();
				this.lines = 0;
			}
		}

		private PrintStream through(PrintStream target) {
			return new PrintStream(new OutputStream() {

				@Override
				public void write(int b) {
					synchronized (Screen.this) {
						erase();
						target.write(b);
					}
				}

				@Override
				public void write(byte[] bytes, int offset, int length) {
					synchronized (Screen.this) {
						erase();
						target.write(bytes, offset, length);
					}
				}

				@Override
				public void flush() {
					target.flush();
				}

			}, true);
		}

	}

	/**
	 * One instance of the demo.
	 */
	static final class Instance {

		private final String color;

		private final ConfigurableApplicationContext context;

		private long processed;

		private long atSecondStart = -1;

		private long lastSecond;

		Instance(String color, ConfigurableApplicationContext context) {
			this.color = color;
			this.context = context;
		}

		private void sample() {
			this.processed = this.context.getBean(OrderListener.class).processed();
		}

		private void startSecond() {
			// The orders before the console started are no second's
			this.lastSecond = (this.atSecondStart < 0) ? 0 : this.processed - this.atSecondStart;
			this.atSecondStart = this.processed;
		}

		private int port() {
			return ((WebServerApplicationContext) this.context).getWebServer().getPort();
		}

		private LifecycleService lifecycle() {
			return this.context.getBean(LifecycleService.class);
		}

		private FleetStatus fleet() {
			return this.context.getBean(FleetService.class).status();
		}

	}

}
