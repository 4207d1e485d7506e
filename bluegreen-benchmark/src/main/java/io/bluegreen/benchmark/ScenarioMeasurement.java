package io.bluegreen.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures a way of switching: its switches back and forth under a continuous load, every
 * record accounted for, and a timeline of a few switches.
 *
 * @author bluegreen
 */
final class ScenarioMeasurement {

	private static final int CONNECT_SWITCHES = 20;

	private final SwitchBenchmark.Settings settings;

	private final Path output;

	private final BenchmarkBroker broker;

	/**
	 * Measure on a broker.
	 * @param settings the load, the partitions and the switches
	 * @param output where the timelines go
	 * @param broker the broker
	 */
	ScenarioMeasurement(SwitchBenchmark.Settings settings, Path output, BenchmarkBroker broker) {
		this.settings = settings;
		this.output = output;
		this.broker = broker;
	}

	/**
	 * Measure Connect scenarios, with their breakdowns.
	 * @param variants the Connect scenarios
	 * @param scenarios where their figures go
	 * @param breakdowns where their breakdowns go
	 * @throws Exception if the benchmark fails
	 */
	void connect(List<ConnectScenario> variants, List<ScenarioResult> scenarios, List<ConnectBreakdown> breakdowns)
			throws Exception {
		// a connector switch takes seconds, not milliseconds: fewer of them
		int switches = Math.min(this.settings.switches(), CONNECT_SWITCHES);
		for (ConnectScenario scenario : variants) {
			scenarios.add(measure(scenario, switches));
			breakdowns.add(scenario.breakdown(this.broker.settings()));
		}
	}

	/**
	 * Measure a scenario.
	 * @param scenario the scenario
	 * @param switches how many switches to make
	 * @return its figures
	 * @throws Exception if the benchmark fails
	 */
	ScenarioResult measure(Scenario scenario, int switches) throws Exception {
		String bootstrapServers = this.broker.bootstrapServers();
		String topic = this.broker.createTopic("bench-" + scenario.name(), this.settings.partitions());
		Journal journal = new Journal();
		scenario.setUp(bootstrapServers, topic, journal, this.settings.concurrency());
		SwitchBenchmark.log(scenario.name() + ": starting instances");
		try (scenario;
				RateProducer producer = new RateProducer(bootstrapServers, topic, this.settings.partitions(),
						this.settings.ratePerSecond())) {
			scenario.start();
			producer.start();
			Waits.await(() -> journal.count("blue") > 0, 60, true);
			// Figures start once blue consumes: the first join of a group is not a switch
			long start = System.nanoTime();
			if (scenario instanceof FleetScenario fleet) {
				// Switches are asked for once every instance is ready, as a rollout does
				fleet.awaitReady();
			}
			// Steady state first: the backlog of the first join is consumed
			Waits.pause(3000);
			int unprocessed = scenario.unprocessedPartitionsWhileBothUp();
			List<Accounting.Switch> done = new ArrayList<>();
			List<FleetSwitchBreakdown.Switch> reported = new ArrayList<>();
			for (int i = 0; i < switches; i++) {
				String to = (i % 2 == 0) ? "green" : "blue";
				long requested = System.nanoTime();
				scenario.switchTo(to);
				long returned = System.nanoTime();
				done.add(new Accounting.Switch(to, requested, returned));
				if (scenario instanceof FleetScenario fleet) {
					reported.add(FleetSwitchBreakdown.Switch.of(to, requested, fleet.lastResult()));
				}
				// A color that got no partition never
				// processes anything: that is a result too
				Waits.await(() -> journal.all().stream().anyMatch((r) -> r.color().equals(to) && r.nanos() > requested),
						10, false);
				Waits.pause(this.settings.dwellMillis());
				if ((i + 1) % 10 == 0 || i + 1 == switches) {
					SwitchBenchmark.log(scenario.name() + ": " + (i + 1) + "/" + switches + " switches");
				}
			}
			producer.stop();
			long end = System.nanoTime();
			Waits.awaitQuiet(journal, producer::sent);
			if (!reported.isEmpty()) {
				breakdown(scenario.name(), reported, journal);
			}
			ScenarioResult result = Accounting.account(scenario, producer.sentNanos(), journal.all(), done, unprocessed,
					start, end);
			// A few switches, from one second before the first
			long chartStart = done.isEmpty() ? start : done.get(0).requestedNanos() - TimeUnit.SECONDS.toNanos(1);
			long chartEnd = done.size() > 4 ? done.get(4).requestedNanos() + TimeUnit.SECONDS.toNanos(1) : end;
			TimelineChart.write(this.output.resolve("timeline-" + scenario.name() + ".png"),
					scenario.name() + ": records/s per color", journal.all(), chartStart, chartEnd);
			return result;
		}
	}

	/**
	 * Print where the time of a fleet's switches went, and write it to
	 * {@code breakdown-<scenario>.json}.
	 */
	private void breakdown(String scenario, List<FleetSwitchBreakdown.Switch> switches, Journal journal)
			throws IOException {
		FleetSwitchBreakdown breakdown = FleetSwitchBreakdown.of(scenario, switches, journal);
		breakdown.lines().forEach(SwitchBenchmark::log);
		ResultsJson.write(this.output.resolve("breakdown-" + scenario + ".json"), breakdown);
	}

}
