package io.bluegreen.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LoggingSystem;

/**
 * Runs every way of switching consumers on one in-process KRaft broker with production
 * group coordination defaults, under one continuous load, and writes {@code results.json}
 * and a timeline per scenario; {@link BenchmarkCommand} reads the command line and
 * {@link SwitchReport} prints the table.
 *
 * @author bluegreen
 */
public final class SwitchBenchmark {

	/**
	 * The file the results go to, in the output directory.
	 */
	static final String RESULTS = "results.json";

	private static final Map<String, String> CONSUMER_HEARTBEAT_500 = Map.of("group.consumer.heartbeat.interval.ms",
			"500", "group.consumer.min.heartbeat.interval.ms", "500");

	private SwitchBenchmark() {
	}

	/**
	 * What to run.
	 *
	 * @param ratePerSecond records produced per second, round-robin over the partitions
	 * @param partitions partitions of each scenario's topic
	 * @param concurrency consumers per instance
	 * @param switches switches of the fast scenarios
	 * @param slowSwitches switches of the recreate scenario
	 * @param dwellMillis time each color keeps consuming after a switch, before the next
	 * @param backlog records of the throughput overhead figure
	 * @param latencySeconds duration of the latency overhead figure
	 * @param initialRebalanceDelayMillis the broker's group.initial.rebalance.delay.ms
	 * @param conditionSwitches switches under load, and switches on an idle topic, of the
	 * conditions figures, per group protocol
	 * @param idleSeconds how long the requests of an idle fleet are counted
	 * @param overheadPairs pairs of throughput runs of the overhead figure, one without
	 * and one with the starter each
	 */
	public record Settings(int ratePerSecond, int partitions, int concurrency, int switches, int slowSwitches,
			long dwellMillis, int backlog, int latencySeconds, int initialRebalanceDelayMillis, int conditionSwitches,
			int idleSeconds, int overheadPairs) {

		/**
		 * A short run, to check the benchmark itself.
		 */
		public static final Settings QUICK = new Settings(500, 4, 1, 4, 2, 200, 5000, 3, 3000, 4, 5, 2);

		/**
		 * The full run: the figures of the README.
		 */
		public static final Settings FULL = new Settings(5000, 12, 3, 100, 6, 200, 1_000_000, 10, 3000, 20, 30, 4);

		/**
		 * The group protocols the conditions figures are measured under, in the order
		 * they run by default.
		 */
		static final List<String> GROUP_PROTOCOLS = List.of("classic", "consumer");

	}

	/**
	 * Everything one run measured.
	 *
	 * @param settings what was run
	 * @param brokerSettings the broker settings that differ from the embedded broker's
	 * defaults
	 * @param instancesPerColor instances per color
	 * @param processors processors of the machine
	 * @param startedAt when the run started
	 * @param scenarios the figures per scenario
	 * @param conditions bluegreen's switch in the conditions users meet, per group
	 * protocol
	 * @param overhead what the starter costs, or {@code null} if it was not measured
	 * @param connectBreakdowns where the time of each Connect scenario's switches goes,
	 * part by part
	 */
	public record Results(Settings settings, Map<String, String> brokerSettings, int instancesPerColor, int processors,
			Instant startedAt, List<ScenarioResult> scenarios, List<ConditionsResult> conditions,
			@Nullable OverheadResult overhead, List<ConnectBreakdown> connectBreakdowns) {

	}

	/**
	 * What a run measures.
	 */
	public enum Selection {

		/**
		 * Every figure of {@code results.json}: the consumer scenarios, the Connect
		 * scenario, the conditions and the overhead.
		 */
		ALL,

		/**
		 * Every figure but the Connect scenario, which starts a Kafka Connect worker.
		 */
		CONSUMERS,

		/**
		 * Only the Connect scenario: sink connectors switched by {@code bluegreen connect
		 * switch}.
		 */
		CONNECT,

		/**
		 * Only bluegreen in the conditions users meet, under both group protocols: a
		 * short run to iterate on the speed of the switch.
		 */
		CONDITIONS,

		/**
		 * Only the fleet switch of a transactional listener, with its container's
		 * transaction manager and by hand, and of a plain listener under the same
		 * settings, under both group protocols ({@link TransactionalFleetScenario}).
		 */
		TRANSACTIONAL,

		/**
		 * The switch against the size of the fleet, by {@link ScaleSweep}: it writes
		 * {@code results-scale.json}, not {@code results.json}.
		 */
		SCALE,

		/**
		 * The starter's cost per record on the listener thread, and the guard's
		 * microbenchmark, by {@link RecordCost}: it writes {@code results-cost.json}.
		 */
		COST,

		/**
		 * The requests per switch by {@link ScaleSweep} on a smaller grid
		 * ({@link ScaleSweep.Settings#REQUESTS}): it writes {@code results-scale.json}.
		 */
		REQUESTS

	}

	/**
	 * Run the benchmark.
	 * @param args {@code --quick} for a short run, {@code --output=DIR} for where the
	 * results go (default {@code target/benchmark}), {@code --scenario=NAME} for one
	 * {@link Selection} alone (default {@code all}), {@code --help} for all of them
	 */
	public static void main(String[] args) {
		// the instances leave threads behind them: the run ends when the measuring ends
		System.exit(BenchmarkCommand.execute(args));
	}

	/**
	 * Run every consumer scenario and the overhead measurement, without the Connect
	 * scenario.
	 * @param settings what to run
	 * @param output where the JSON and the timelines go
	 * @return the results
	 * @throws Exception if the benchmark fails
	 */
	public static Results run(Settings settings, Path output) throws Exception {
		return run(settings, output, Selection.CONSUMERS);
	}

	/**
	 * Run what is selected.
	 * @param settings what to run
	 * @param output where the JSON and the timelines go
	 * @param selection what to measure, anything but {@link Selection#SCALE}, which
	 * {@link ScaleSweep#run} measures
	 * @return the results
	 * @throws Exception if the benchmark fails
	 */
	public static Results run(Settings settings, Path output, Selection selection) throws Exception {
		return run(settings, output, selection, Settings.GROUP_PROTOCOLS);
	}

	/**
	 * Run what is selected, with the group protocols in a given order.
	 * @param settings what to run
	 * @param output where the JSON and the timelines go
	 * @param selection what to measure, anything but {@link Selection#SCALE}, which
	 * {@link ScaleSweep#run} measures
	 * @param protocols the group protocols of the conditions and the transactional
	 * scenarios, in the order they run: the first runs on a fresh broker and JVM
	 * @return the results
	 * @throws Exception if the benchmark fails
	 */
	public static Results run(Settings settings, Path output, Selection selection, List<String> protocols)
			throws Exception {
		if (selection == Selection.SCALE || selection == Selection.COST || selection == Selection.REQUESTS) {
			throw new IllegalArgumentException(
					"The scale sweep and the cost per record write results of their own: run ScaleSweep or RecordCost");
		}
		prepare(output);
		boolean consumers = selection == Selection.ALL || selection == Selection.CONSUMERS;
		boolean connect = selection == Selection.ALL || selection == Selection.CONNECT;
		try (BenchmarkBroker broker = BenchmarkBroker.start(settings.initialRebalanceDelayMillis())) {
			ScenarioMeasurement measurement = new ScenarioMeasurement(settings, output, broker);
			Instant startedAt = Instant.now();
			List<ScenarioResult> scenarios = new ArrayList<>();
			List<ConditionsResult> conditions = new ArrayList<>();
			OverheadResult overhead = null;
			if (consumers) {
				scenarios.add(measurement.measure(new FleetScenario(), settings.switches()));
				scenarios
					.add(measurement.measure(new NaiveSeparateGroupsScenario(), Math.min(settings.switches(), 10)));
				scenarios.add(measurement.measure(new SharedGroupScenario(), Math.min(settings.switches(), 10)));
				scenarios.add(measurement.measure(new RecreateScenario(), settings.slowSwitches()));
			}
			List<ConnectBreakdown> connectBreakdowns = new ArrayList<>();
			if (connect) {
				connect(settings, output, measurement, scenarios, connectBreakdowns);
			}
			if (consumers || selection == Selection.TRANSACTIONAL) {
				ScenarioMeasurement transactional = new ScenarioMeasurement(
						TransactionalFleetScenario.settings(settings), output, broker);
				for (String protocol : protocols) {
					for (TransactionalFleetScenario.Style style : TransactionalFleetScenario.Style.values()) {
						scenarios.add(transactional.measure(new TransactionalFleetScenario(protocol, style),
								Math.min(settings.switches(), 10)));
					}
				}
			}
			if (consumers || selection == Selection.CONDITIONS) {
				for (String protocol : protocols) {
					conditions.add(new ConditionsMeasurement(settings, broker).measure(protocol));
				}
			}
			if (consumers) {
				overhead = new OverheadMeasurement(settings, broker).measure();
			}
			Results results = new Results(settings, broker.settings(), 2, Runtime.getRuntime().availableProcessors(),
					startedAt, scenarios, conditions, overhead, connectBreakdowns);
			ResultsJson.write(output.resolve(RESULTS), results);
			return results;
		}
	}

	/**
	 * The Connect scenarios: on the benchmark's broker, where the broker does not delay
	 * the first rebalance of an empty group, and where it lets the members of the
	 * consumer group protocol heartbeat more often.
	 */
	private static void connect(Settings settings, Path output, ScenarioMeasurement measurement,
			List<ScenarioResult> scenarios, List<ConnectBreakdown> breakdowns) throws Exception {
		int delay = settings.initialRebalanceDelayMillis();
		measurement.connect(List.of(ConnectScenario.classic(delay, ""), ConnectScenario.consumerProtocol(delay, "")),
				scenarios, breakdowns);
		if (delay != 0) {
			try (BenchmarkBroker noDelay = BenchmarkBroker.start(0)) {
				new ScenarioMeasurement(settings, output, noDelay).connect(List
					.of(ConnectScenario.classic(0, "-delay-0"), ConnectScenario.consumerProtocol(0, "-delay-0")),
						scenarios, breakdowns);
			}
		}
		try (BenchmarkBroker heartbeat = BenchmarkBroker.start(delay, CONSUMER_HEARTBEAT_500)) {
			new ScenarioMeasurement(settings, output, heartbeat)
				.connect(List.of(ConnectScenario.consumerProtocol(delay, "-heartbeat-500")), scenarios, breakdowns);
		}
	}

	/**
	 * Make this JVM ready to run instances and draw charts, and create the output
	 * directory.
	 * @param output where the results go
	 * @throws IOException if the directory cannot be created
	 */
	static void prepare(Path output) throws IOException {
		System.setProperty("java.awt.headless", "true");
		// Instances start in parallel: they must not initialize the logging system each
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		Files.createDirectories(output);
	}

	static void log(String message) {
		System.out.println("[benchmark] " + message);
	}

}
