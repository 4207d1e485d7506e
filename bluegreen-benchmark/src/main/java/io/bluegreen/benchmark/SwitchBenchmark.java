package io.bluegreen.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs every way of switching consumers on one in-process KRaft broker with production
 * group coordination defaults, under one continuous load, prints a table and writes
 * {@code results.json} and a timeline per scenario.
 *
 * @author bluegreen
 */
public final class SwitchBenchmark {

	private static final int CONNECT_SWITCHES = 20;

	private static final Map<String, String> CONSUMER_HEARTBEAT_500 = Map.of("group.consumer.heartbeat.interval.ms",
			"500", "group.consumer.min.heartbeat.interval.ms", "500");

	private final Settings settings;

	private final Path output;

	private final BenchmarkBroker broker;

	private final String bootstrapServers;

	private SwitchBenchmark(Settings settings, Path output, BenchmarkBroker broker) {
		this.settings = settings;
		this.output = output;
		this.broker = broker;
		this.bootstrapServers = broker.bootstrapServers();
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
	public record Settings(int ratePerSecond, int partitions, int concurrency, int switches, int slowSwitches, long dwellMillis,
			int backlog, int latencySeconds, int initialRebalanceDelayMillis, int conditionSwitches, int idleSeconds,
			int overheadPairs) {

		/**
		 * A short run, to check the benchmark itself.
		 */
		public static final Settings QUICK = new Settings(500, 4, 1, 4, 2, 200, 5000, 3, 3000, 4, 5, 2);

		/**
		 * The full run: the figures of the README.
		 */
		public static final Settings FULL = new Settings(5000, 12, 3, 100, 6, 200, 1_000_000, 10, 3000, 20, 30, 4);

		/**
		 * The group protocols the conditions figures are measured under.
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
		 * Only the fleet switch of a transactional listener, under both group protocols
		 * ({@link TransactionalFleetScenario}).
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
		REQUESTS;

		/**
		 * Return the command line argument that selects this.
		 * @return the argument
		 */
		public String argument() {
			return "--scenario=" + name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * The command line.
	 *
	 * @param quick whether to make a short run
	 * @param output where the results go
	 * @param selection what to measure
	 */
	record Arguments(boolean quick, Path output, Selection selection) {

		static Arguments parse(String... args) {
			boolean quick = false;
			Path output = Path.of("target", "benchmark");
			Selection selection = Selection.ALL;
			for (String arg : args) {
				Selection selected = Arrays.stream(Selection.values())
					.filter((candidate) -> candidate.argument().equals(arg))
					.findFirst()
					.orElse(null);
				if (arg.equals("--quick")) {
					quick = true;
				}
				else if (arg.startsWith("--output=")) {
					output = Path.of(arg.substring("--output=".length()));
				}
				else if (selected != null) {
					selection = selected;
				}
				else {
					throw new IllegalArgumentException("Unknown argument " + arg + "; allowed: " + allowed());
				}
			}
			return new Arguments(quick, output, selection);
		}

		private static String allowed() {
			return Stream
				.concat(Stream.of("--quick", "--output=DIR"),
						Arrays.stream(Selection.values()).map(Selection::argument))
				.collect(Collectors.joining(", "));
		}

	}

	/**
	 * Run the benchmark.
	 * @param args {@code --quick} for a short run, {@code --output=DIR} for where the
	 * results go (default {@code target/benchmark}), {@code --scenario=NAME} for one
	 * {@link Selection} alone (default {@code all})
	 * @throws Exception if the benchmark fails
	 */
	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.parse(args);
		if (arguments.selection() == Selection.SCALE || arguments.selection() == Selection.REQUESTS) {
			ScaleSweep.Settings full = (arguments.selection() == Selection.SCALE) ? ScaleSweep.Settings.FULL
					: ScaleSweep.Settings.REQUESTS;
			ScaleSweep.Results results = ScaleSweep.run(arguments.quick() ? ScaleSweep.Settings.QUICK : full,
					arguments.output());
			System.out.println(ScaleSweep.table(results));
			System.out.println("Results: " + arguments.output().resolve(ScaleSweep.RESULTS).toAbsolutePath());
		}
		else if (arguments.selection() == Selection.COST) {
			RecordCost.Results results = RecordCost.run(
					arguments.quick() ? RecordCost.Settings.QUICK : RecordCost.Settings.FULL, arguments.output());
			System.out.println(RecordCost.table(results));
			System.out.println("Results: " + arguments.output().resolve(RecordCost.RESULTS).toAbsolutePath());
		}
		else {
			Results results = run(arguments.quick() ? Settings.QUICK : Settings.FULL, arguments.output(),
					arguments.selection());
			System.out.println(table(results));
			System.out.println("Results: " + arguments.output().resolve("results.json").toAbsolutePath());
		}
		System.exit(0);
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
		if (selection == Selection.SCALE || selection == Selection.COST || selection == Selection.REQUESTS) {
			throw new IllegalArgumentException(
					"The scale sweep and the cost per record write results of their own: run ScaleSweep or RecordCost");
		}
		prepare(output);
		boolean consumers = selection == Selection.ALL || selection == Selection.CONSUMERS;
		boolean connect = selection == Selection.ALL || selection == Selection.CONNECT;
		try (BenchmarkBroker broker = BenchmarkBroker.start(settings.initialRebalanceDelayMillis())) {
			SwitchBenchmark benchmark = new SwitchBenchmark(settings, output, broker);
			Instant startedAt = Instant.now();
			List<ScenarioResult> scenarios = new ArrayList<>();
			List<ConditionsResult> conditions = new ArrayList<>();
			OverheadResult overhead = null;
			if (consumers) {
				scenarios.add(benchmark.run(new FleetScenario(), settings.switches()));
				scenarios.add(benchmark.run(new NaiveSeparateGroupsScenario(), Math.min(settings.switches(), 10)));
				scenarios.add(benchmark.run(new SharedGroupScenario(), Math.min(settings.switches(), 10)));
				scenarios.add(benchmark.run(new RecreateScenario(), settings.slowSwitches()));
			}
			List<ConnectBreakdown> connectBreakdowns = new ArrayList<>();
			if (connect) {
				int delay = settings.initialRebalanceDelayMillis();
				benchmark.connect(List.of(ConnectScenario.classic(delay, ""), ConnectScenario.consumerProtocol(delay, "")),
						scenarios, connectBreakdowns);
				if (settings.initialRebalanceDelayMillis() != 0) {
					// the same where the broker does not delay the first rebalance of an empty group
					try (BenchmarkBroker noDelay = BenchmarkBroker.start(0)) {
						new SwitchBenchmark(settings, output, noDelay).connect(List.of(
								ConnectScenario.classic(0, "-delay-0"), ConnectScenario.consumerProtocol(0, "-delay-0")),
								scenarios, connectBreakdowns);
					}
				}
				// the consumer group protocol where the broker lets its members heartbeat more often
				try (BenchmarkBroker heartbeat = BenchmarkBroker.start(delay, CONSUMER_HEARTBEAT_500)) {
					new SwitchBenchmark(settings, output, heartbeat).connect(
							List.of(ConnectScenario.consumerProtocol(delay, "-heartbeat-500")), scenarios,
							connectBreakdowns);
				}
			}
			if (consumers || selection == Selection.TRANSACTIONAL) {
				SwitchBenchmark transactional = new SwitchBenchmark(TransactionalFleetScenario.settings(settings), output,
						broker);
				for (String protocol : Settings.GROUP_PROTOCOLS) {
					scenarios.add(transactional.run(new TransactionalFleetScenario(protocol),
							Math.min(settings.switches(), 10)));
				}
			}
			if (consumers || selection == Selection.CONDITIONS) {
				for (String protocol : Settings.GROUP_PROTOCOLS) {
					conditions.add(benchmark.conditions(protocol));
				}
			}
			if (consumers) {
				overhead = benchmark.overhead();
			}
			Results results = new Results(settings, broker.settings(), 2, Runtime.getRuntime().availableProcessors(),
					startedAt, scenarios, conditions, overhead, connectBreakdowns);
			writeJson(output.resolve("results.json"), results);
			return results;
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

	/**
	 * Write results as indented JSON.
	 * @param file the file
	 * @param results the results
	 * @throws IOException if the file cannot be written
	 */
	static void writeJson(Path file, Object results) throws IOException {
		JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		Files.writeString(file, mapper.writeValueAsString(results));
	}

	/**
	 * The Connect scenarios on this benchmark's broker, with their breakdowns.
	 */
	private void connect(List<ConnectScenario> variants, List<ScenarioResult> scenarios,
			List<ConnectBreakdown> breakdowns) throws Exception {
		// a connector switch takes seconds, not milliseconds: fewer of them
		int switches = Math.min(this.settings.switches(), CONNECT_SWITCHES);
		for (ConnectScenario scenario : variants) {
			scenarios.add(run(scenario, switches));
			breakdowns.add(scenario.breakdown(this.broker.settings()));
		}
	}

	private ScenarioResult run(Scenario scenario, int switches) throws Exception {
		String topic = this.broker.createTopic("bench-" + scenario.name(), this.settings.partitions());
		Journal journal = new Journal();
		scenario.setUp(this.bootstrapServers, topic, journal, this.settings.concurrency());
		log(scenario.name() + ": starting instances");
		try (scenario; RateProducer producer = new RateProducer(this.bootstrapServers, topic,
				this.settings.partitions(), this.settings.ratePerSecond())) {
			scenario.start();
			producer.start();
			await(() -> journal.count("blue") > 0, 60, true);
			// Figures start once blue consumes: the first join of a group is not a switch
			long start = System.nanoTime();
			// Steady state first: the backlog of the first join is consumed
			pause(3000);
			int unprocessed = scenario.unprocessedPartitionsWhileBothUp();
			List<Accounting.Switch> done = new ArrayList<>();
			for (int i = 0; i < switches; i++) {
				String to = (i % 2 == 0) ? "green" : "blue";
				long requested = System.nanoTime();
				scenario.switchTo(to);
				long returned = System.nanoTime();
				done.add(new Accounting.Switch(to, requested, returned));
				// A color that got no partition never processes anything: that is a result too
				await(() -> journal.all().stream().anyMatch((r) -> r.color().equals(to) && r.nanos() > requested),
						10, false);
				pause(this.settings.dwellMillis());
				if ((i + 1) % 10 == 0 || i + 1 == switches) {
					log(scenario.name() + ": " + (i + 1) + "/" + switches + " switches");
				}
			}
			producer.stop();
			long end = System.nanoTime();
			awaitQuiet(journal, producer::sent);
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
	 * bluegreen's fleet switch under one group protocol: the first switch after startup and
	 * more under load, then, with nothing produced, what the idle fleet asks of the broker
	 * and switches on the idle topic.
	 */
	private ConditionsResult conditions(String protocol) throws Exception {
		String name = "bluegreen-" + protocol;
		String topic = this.broker.createTopic("bench-" + name, this.settings.partitions());
		Journal journal = new Journal();
		FleetScenario fleet = new FleetScenario(name,
				List.of("spring.kafka.consumer.properties.group.protocol=" + protocol));
		fleet.setUp(this.bootstrapServers, topic, journal, this.settings.concurrency());
		log(name + ": starting instances");
		try (fleet) {
			List<Accounting.Switch> busy = new ArrayList<>();
			try (RateProducer producer = new RateProducer(this.bootstrapServers, topic, this.settings.partitions(),
					this.settings.ratePerSecond())) {
				fleet.start();
				producer.start();
				// As a rollout would: the first switch the moment every instance is ready
				fleet.awaitReady();
				for (int i = 0; i <= this.settings.conditionSwitches(); i++) {
					busy.add(switchAndAwaitFirstRecord(fleet, journal, (i % 2 == 0) ? "green" : "blue"));
					pause(this.settings.dwellMillis());
				}
				producer.stop();
				awaitQuiet(journal, producer::sent);
			}
			log(name + ": " + busy.size() + " switches under load; counting the idle fleet's requests for "
					+ this.settings.idleSeconds() + " s");
			Set<String> listeners = fleet.listenerClientIds();
			ClientRequests before = ClientRequests.now();
			long idleStart = System.nanoTime();
			pause(TimeUnit.SECONDS.toMillis(this.settings.idleSeconds()));
			ClientRequests after = ClientRequests.now();
			double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
			int instances = fleet.instancesOf("blue").size() + fleet.instancesOf("green").size();
			List<Double> idle = new ArrayList<>();
			String active = busy.get(busy.size() - 1).to();
			for (int i = 0; i < this.settings.conditionSwitches(); i++) {
				active = Scenario.other(active);
				long requested = System.nanoTime();
				fleet.switchTo(active);
				idle.add((System.nanoTime() - requested) / 1e6);
				pause(this.settings.dwellMillis());
			}
			log(name + ": " + idle.size() + " switches on the idle topic");
			Accounting.Switch first = busy.get(0);
			List<Accounting.Switch> later = busy.subList(1, busy.size());
			return new ConditionsResult(protocol, toFirstRecordMillis(journal, first),
					(first.returnedNanos() - first.requestedNanos()) / 1e6,
					Percentiles.of(later.stream().map((done) -> toFirstRecordMillis(journal, done)).toList()),
					Percentiles.of(later.stream()
						.map((done) -> (done.returnedNanos() - done.requestedNanos()) / 1e6)
						.toList()),
					Percentiles.of(idle), idleSeconds,
					after.since(before, listeners, false) / instances / idleSeconds,
					after.since(before, listeners, true) / instances / idleSeconds);
		}
	}

	/**
	 * Switch, and wait up to 10 s for the new color's first record.
	 * @param scenario the scenario to switch
	 * @param journal its journal
	 * @param to the color to switch to
	 * @return the switch
	 */
	static Accounting.Switch switchAndAwaitFirstRecord(Scenario scenario, Journal journal, String to) {
		long requested = System.nanoTime();
		scenario.switchTo(to);
		long returned = System.nanoTime();
		await(() -> journal.lastProcessedNanos(to) > requested, 10, false);
		return new Accounting.Switch(to, requested, returned);
	}

	/**
	 * Return the time from a switch's request to the new color's first record.
	 * @param journal the journal
	 * @param done the switch
	 * @return the milliseconds, or NaN if the new color processed nothing
	 */
	static double toFirstRecordMillis(Journal journal, Accounting.Switch done) {
		return journal.all()
			.stream()
			.filter((r) -> r.color().equals(done.to()) && r.nanos() > done.requestedNanos())
			.mapToLong(Journal.Processed::nanos)
			.min()
			.stream()
			.mapToDouble((nanos) -> (nanos - done.requestedNanos()) / 1e6)
			.findFirst()
			.orElse(Double.NaN);
	}

	/**
	 * The same listener with and without the starter: the throughput of consuming a
	 * backlog, in pairs of runs one after the other on the same records, then the latency
	 * of both consuming the same load at the same time.
	 */
	private OverheadResult overhead() throws Exception {
		log("overhead: throughput from a backlog of " + this.settings.backlog() + ", "
				+ this.settings.overheadPairs() + " pairs of runs");
		String backlogTopic = this.broker.createTopic("bench-backlog", this.settings.partitions());
		try (RateProducer producer = new RateProducer(this.bootstrapServers, backlogTopic, this.settings.partitions(),
				this.settings.ratePerSecond())) {
			producer.sendNow(this.settings.backlog());
		}
		List<OverheadResult.Run> runs = new ArrayList<>();
		for (int pair = 0; pair < this.settings.overheadPairs(); pair++) {
			// A later run profits from a warmer JVM: each variant goes first in every other pair
			List<String> order = (pair % 2 == 0) ? List.of(OverheadResult.WITHOUT, OverheadResult.WITH)
					: List.of(OverheadResult.WITH, OverheadResult.WITHOUT);
			for (String variant : order) {
				String group = "overhead-" + variant + "-" + (runs.size() + 1);
				double recordsPerSecond = drainThroughput(backlogTopic,
						variant.equals(OverheadResult.WITH) ? withStarter(group) : withoutStarter(group));
				runs.add(new OverheadResult.Run(runs.size() + 1, variant, recordsPerSecond));
				log(String.format("overhead: run %d, %s the starter: %.0f records/s", runs.size(), variant,
						recordsPerSecond));
			}
		}
		log("overhead: latency at " + this.settings.ratePerSecond() + " records/s");
		String latencyTopic = this.broker.createTopic("bench-latency", this.settings.partitions());
		Journal withoutJournal = new Journal();
		Journal withJournal = new Journal();
		try (RateProducer producer = new RateProducer(this.bootstrapServers, latencyTopic,
				this.settings.partitions(), this.settings.ratePerSecond())) {
			ConfigurableApplicationContext plain = BenchmarkConsumer.start(withoutJournal,
					properties(latencyTopic, withoutStarter("latency-without")));
			ConfigurableApplicationContext starter = BenchmarkConsumer.start(withJournal,
					properties(latencyTopic, withStarter("latency-with")));
			try {
				pause(this.settings.initialRebalanceDelayMillis() + 2000L);
				producer.start();
				pause(TimeUnit.SECONDS.toMillis(this.settings.latencySeconds()));
				producer.stop();
				awaitQuiet(withoutJournal, producer::sent);
				awaitQuiet(withJournal, producer::sent);
			}
			finally {
				plain.close();
				starter.close();
			}
			return OverheadResult.of("the benchmark listener, one instance with the benchmark's concurrency, "
					+ "bluegreen's auto-configurations excluded versus the starter with fleet coordination; "
					+ "throughput: " + this.settings.overheadPairs() + " pairs of runs on the same backlog, "
					+ "each from its first record to its last, the variant that goes first alternating "
					+ "(without-with, with-without, ...); the means of all runs and the ratio of each pair; "
					+ "latency: both consuming the same load at the same time", this.settings.backlog(), runs,
					latency(withoutJournal, producer), latency(withJournal, producer));
		}
	}

	private double drainThroughput(String topic, List<String> properties) {
		Journal journal = new Journal();
		ConfigurableApplicationContext instance = BenchmarkConsumer.start(journal, properties(topic, properties));
		try {
			// Polls a counter: copying the journal every few milliseconds would take the CPU
			// the instance is measured on
			await(() -> journal.size() >= this.settings.backlog(), 300, true);
			List<Journal.Processed> all = journal.all();
			long first = all.stream().mapToLong(Journal.Processed::nanos).min().orElseThrow();
			long last = all.stream().mapToLong(Journal.Processed::nanos).max().orElseThrow();
			return all.size() / ((last - first) / 1e9);
		}
		finally {
			instance.close();
		}
	}

	private List<String> properties(String topic, List<String> more) {
		List<String> all = new ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + this.bootstrapServers,
				"benchmark.topic=" + topic, "benchmark.concurrency=" + this.settings.concurrency()));
		all.addAll(more);
		return all;
	}

	static List<String> withoutStarter(String group) {
		// every auto-configuration the starter registers, read from its imports file
		String exclude = ImportCandidates.load(AutoConfiguration.class, SwitchBenchmark.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.bluegreen."))
			.collect(Collectors.joining(","));
		return List.of("spring.kafka.consumer.group-id=" + group, "benchmark.color=blue",
				"benchmark.instance=" + group, "spring.autoconfigure.exclude=" + exclude);
	}

	static List<String> withStarter(String group) {
		return List.of("spring.kafka.consumer.group-id=" + group, "benchmark.color=blue", "benchmark.instance=" + group,
				"bluegreen.color=blue", "bluegreen.fleet.enabled=true", "bluegreen.fleet.deployment=" + group,
				"bluegreen.fleet.control-topic=bluegreen-" + group, "bluegreen.fleet.control-topic-replication-factor=1",
				"bluegreen.fleet.control-topic-min-insync-replicas=1");
	}

	private static Percentiles latency(Journal journal, RateProducer producer) {
		List<Double> latencies = new ArrayList<>();
		for (Journal.Processed record : journal.all()) {
			Long sent = producer.sentNanos().get(record.partition()).get(record.offset());
			if (sent != null) {
				latencies.add((record.nanos() - sent) / 1e6);
			}
		}
		return Percentiles.of(latencies);
	}

	/**
	 * Wait until every produced record was processed, or nothing was processed for 10 s.
	 */
	static void awaitQuiet(Journal journal, Supplier<Long> sent) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		int last = -1;
		long quietSince = System.nanoTime();
		while (System.nanoTime() < deadline) {
			List<Journal.Processed> all = journal.all();
			long distinct = all.stream().map((r) -> r.partition() + ":" + r.offset()).distinct().count();
			if (distinct >= sent.get()) {
				return;
			}
			if (all.size() != last) {
				last = all.size();
				quietSince = System.nanoTime();
			}
			// longer than a consumer group protocol member waits for its next heartbeat (5 s)
			else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(10)) {
				return;
			}
			pause(100);
		}
	}

	static void await(BooleanSupplier condition, int seconds, boolean required) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				if (required) {
					throw new IllegalStateException("Condition not met within " + seconds + " s");
				}
				return;
			}
			pause(5);
		}
	}

	static void pause(long millis) {
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
	}

	static void log(String message) {
		System.out.println("[benchmark] " + message);
	}

	/**
	 * Format the results as a table.
	 * @param results the results
	 * @return the table
	 */
	public static String table(Results results) {
		StringBuilder table = new StringBuilder();
		table.append(String.format("%n%d records/s over %d partitions, 2+2 instances, broker: %s%n",
				results.settings().ratePerSecond(), results.settings().partitions(), results.brokerSettings()));
		if (!results.scenarios().isEmpty()) {
			table.append(scenariosTable(results.scenarios()));
		}
		if (!results.connectBreakdowns().isEmpty()) {
			table.append(breakdownTable(results.connectBreakdowns()));
		}
		if (results.conditions().isEmpty()) {
			return table.toString();
		}
		table.append(String.format("%n%-26s %14s %22s %22s %22s %12s %12s%n", "bluegreen, group.protocol",
				"first switch", "under load", "under load", "idle topic", "idle fleet", "idle fleet"));
		table.append(String.format("%-26s %14s %22s %22s %22s %12s %12s%n", "", "to first rec.",
				"to first record ms", "to completed ms", "to completed ms", "control", "listeners"));
		table.append(String.format("%-26s %14s %22s %22s %22s %12s %12s%n", "", "ms", "p50 / p99 / max",
				"p50 / p99 / max", "p50 / p99 / max", "req/s/inst.", "req/s/inst."));
		for (ConditionsResult result : results.conditions()) {
			table.append(String.format("%-26s %14.0f %22s %22s %22s %12.1f %12.1f%n", result.groupProtocol(),
					result.firstToFirstRecordMillis(), format(result.busyToFirstRecordMillis()),
					format(result.busyRequestMillis()), format(result.idleRequestMillis()),
					result.idleControlPlaneRequestsPerSecondPerInstance(),
					result.idleListenerRequestsPerSecondPerInstance()));
		}
		OverheadResult overhead = results.overhead();
		if (overhead == null) {
			return table.toString();
		}
		table.append(String.format("%nOverhead, throughput: %.0f records/s without the starter, %.0f with, "
				+ "means of %d runs each (ratio %.3f)%n", overhead.withoutThroughputPerSecond(),
				overhead.withThroughputPerSecond(), overhead.pairs().size(), overhead.throughputRatio()));
		for (OverheadResult.Pair pair : overhead.pairs()) {
			table.append(String.format("  pair %d, %s first: %.0f without, %.0f with, ratio %.3f%s%n", pair.pair(),
					pair.first(), pair.withoutRecordsPerSecond(), pair.withRecordsPerSecond(), pair.ratio(),
					pair.met() ? "" : " (under " + OverheadResult.TARGET_RATIO + ")"));
		}
		table.append(String.format("  pair ratios min / median / max %.3f / %.3f / %.3f; at least %.2f in every pair "
				+ "where without went first: %s, where with went first: %s%n", overhead.minRatio(),
				overhead.medianRatio(), overhead.maxRatio(), OverheadResult.TARGET_RATIO,
				overhead.withoutFirstMet() ? "yes" : "no", overhead.withFirstMet() ? "yes" : "no"));
		table.append(String.format("Overhead, latency: p50 %.1f ms without, %.1f ms with (added %.1f ms); "
				+ "p99 %.1f ms / %.1f ms%n", overhead.withoutLatencyMillis().p50(), overhead.withLatencyMillis().p50(),
				overhead.addedLatencyP50Millis(), overhead.withoutLatencyMillis().p99(),
				overhead.withLatencyMillis().p99()));
		return table.toString();
	}

	private static String scenariosTable(List<ScenarioResult> scenarios) {
		StringBuilder table = new StringBuilder();
		table.append(String.format("%n"));
		table.append(String.format("%-22s %8s %22s %22s %18s %8s %10s %12s %10s %12s%n", "scenario", "switches",
				"to first record ms", "to old last record ms", "rollback p50 ms", "lost", "duplicates",
				"stalled p·s", "idle parts", "records/s"));
		table.append(String.format("%-22s %8s %22s %22s %18s %8s %10s %12s %10s %12s%n", "", "",
				"p50 / p99 / max", "p50 / p99 / max", "", "", "", "", "", ""));
		for (ScenarioResult result : scenarios) {
			table.append(String.format("%-22s %8d %22s %22s %18.0f %8d %10d %12.1f %10s %12.0f%n", result.scenario(),
					result.switches(), format(result.toFirstRecordMillis()), format(result.toOldLastRecordMillis()),
					result.rollbackMillis().p50(), result.lost(), result.duplicates(),
					result.stalledPartitionSeconds(), (result.unprocessedPartitionsWhileBothUp() < 0) ? "-"
							: String.valueOf(result.unprocessedPartitionsWhileBothUp()),
					result.throughputPerSecond()));
		}
		table.append(String.format("%n"));
		for (ScenarioResult result : scenarios) {
			if (result.scenario().startsWith("connect")) {
				table.append(String.format("%s: request to every task of the new connector RUNNING "
						+ "p50 / p99 / max %s ms%n", result.scenario(), format(result.requestMillis())));
			}
		}
		return table.toString();
	}

	private static String breakdownTable(List<ConnectBreakdown> breakdowns) {
		StringBuilder table = new StringBuilder();
		table.append(String.format("Connect switch, part by part, ms p50 / p99 / max:%n"));
		table.append(String.format("%-22s", "part"));
		breakdowns.forEach((breakdown) -> table.append(String.format(" %34s", breakdown.scenario())));
		table.append(String.format("%n"));
		for (int i = 0; i < breakdowns.get(0).parts().size(); i++) {
			table.append(String.format("%-22s", breakdowns.get(0).parts().get(i).name()));
			for (ConnectBreakdown breakdown : breakdowns) {
				table.append(String.format(" %34s", format(breakdown.parts().get(i).millis())));
			}
			table.append(String.format("%n"));
		}
		table.append(String.format("%-22s", "to first record"));
		breakdowns.forEach((breakdown) -> table.append(String.format(" %34s", format(breakdown.toFirstRecordMillis()))));
		table.append(String.format("%n%n"));
		return table.toString();
	}

	private static String format(Percentiles percentiles) {
		return String.format("%.0f / %.0f / %.0f", percentiles.p50(), percentiles.p99(), percentiles.max());
	}

}
