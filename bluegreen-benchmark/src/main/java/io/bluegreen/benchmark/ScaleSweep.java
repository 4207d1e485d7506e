package io.bluegreen.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * bluegreen's fleet switch against the size of the fleet: for each number of instances
 * per color and of partitions, a fresh fleet switches under load while the requests of
 * every client are counted, then idles. Writes {@code results-scale.json} and two charts.
 *
 * @author bluegreen
 */
public final class ScaleSweep {

	/**
	 * The file the results go to, in the output directory.
	 */
	public static final String RESULTS = "results-scale.json";

	private final Settings settings;

	private final BenchmarkBroker broker;

	private ScaleSweep(Settings settings, BenchmarkBroker broker) {
		this.settings = settings;
		this.broker = broker;
	}

	/**
	 * What to run.
	 *
	 * @param instancesPerColor the numbers of instances per color to measure
	 * @param partitions the numbers of partitions to measure
	 * @param grid which combinations of the two are measured
	 * @param choices why this grid and concurrency, for the results
	 * @param ratePerSecond records produced per second during the switches, round-robin
	 * over the partitions
	 * @param concurrency consumers per instance
	 * @param switches switches measured at each point, after one warm-up switch
	 * @param dwellMillis time each color keeps consuming after a switch, before the next
	 * @param idleSeconds how long the requests of the idle fleet are counted
	 * @param initialRebalanceDelayMillis the broker's group.initial.rebalance.delay.ms
	 * @param switchTimeoutSeconds the instances' {@code bluegreen.fleet.switch-timeout}
	 */
	public record Settings(List<Integer> instancesPerColor, List<Integer> partitions, Grid grid, String choices,
			int ratePerSecond, int concurrency, int switches, long dwellMillis, int idleSeconds,
			int initialRebalanceDelayMillis, int switchTimeoutSeconds) {

		/**
		 * A short run, to check the sweep itself.
		 */
		public static final Settings QUICK = new Settings(List.of(1, 2), List.of(4, 12), Grid.ALL,
				"every combination and concurrency 1: the quick run checks the sweep, not the figures", 500, 1, 2, 200,
				3, 3000, 60);

		/**
		 * The requests per switch on a grid small enough for a loaded 2-core machine:
		 * request counts, unlike timings, do not depend on the load.
		 */
		public static final Settings REQUESTS = new Settings(List.of(1, 2, 4), List.of(12, 96), Grid.ALL,
				"the requests per switch on a small grid, concurrency 1, for a loaded machine; timings not for quoting",
				500, 1, 4, 200, 3, 3000, 60);

		/**
		 * The full run.
		 */
		public static final Settings FULL = new Settings(List.of(1, 2, 4, 8, 16), List.of(12, 96, 384), Grid.ALL,
				"every combination: in trial runs on the 2-core machine, with another test run loading it, a point "
						+ "took 35 to 45 s up to 8+8 instances and 40 to 85 s at 16+16, closing included; the cross "
						+ "of the two sweeps would keep every 16+16 point and save only the three points on 96 "
						+ "partitions with 2, 4 and 8 per color, about 2 of 11 minutes. Concurrency 3, as in the "
						+ "other figures: at 16+16 on 384 partitions it took 62 s against 67 s with concurrency 1, "
						+ "with 626 threads against 370 and 207 MB of heap against 175",
				2000, 3, 6, 200, 10, 3000, 60);

		/**
		 * Return the points to measure, in the order they run.
		 * @return the points
		 */
		List<Point> points() {
			return this.grid.points(this.instancesPerColor, this.partitions);
		}

	}

	/**
	 * Which sizes of the fleet a sweep measures.
	 */
	public enum Grid {

		/**
		 * Every combination of instances per color and partitions.
		 */
		ALL,

		/**
		 * The sweep over instances per color at the fewest and at the most partitions,
		 * and the sweep over partitions at the fewest and at the most instances per
		 * color: fewer points, each variable still over its whole range.
		 */
		CROSS;

		List<Point> points(List<Integer> instancesPerColor, List<Integer> partitions) {
			int fewestInstances = instancesPerColor.get(0);
			int mostInstances = instancesPerColor.get(instancesPerColor.size() - 1);
			int fewestPartitions = partitions.get(0);
			int mostPartitions = partitions.get(partitions.size() - 1);
			List<Point> points = new ArrayList<>();
			for (int instances : instancesPerColor) {
				for (int partitionCount : partitions) {
					boolean onCross = instances == fewestInstances || instances == mostInstances
							|| partitionCount == fewestPartitions || partitionCount == mostPartitions;
					if (this == ALL || onCross) {
						points.add(new Point(instances, partitionCount));
					}
				}
			}
			return points;
		}

	}

	/**
	 * One size of the fleet.
	 *
	 * @param instancesPerColor instances of each color
	 * @param partitions partitions of the topic
	 */
	record Point(int instancesPerColor, int partitions) {

	}

	/**
	 * Everything one sweep measured.
	 *
	 * @param settings what was run
	 * @param description how each point is measured
	 * @param brokerSettings the broker settings that differ from the embedded broker's
	 * defaults
	 * @param processors processors of the machine
	 * @param maxHeapMegabytes the JVM's maximum heap
	 * @param startedAt when the sweep started
	 * @param durationSeconds how long it took
	 * @param points the figures per size of the fleet, in the order they ran
	 * @param requestGrowth how the requests of a switch grow with the fleet, fitted over
	 * the points
	 */
	public record Results(Settings settings, String description, Map<String, String> brokerSettings, int processors,
			long maxHeapMegabytes, Instant startedAt, double durationSeconds, List<ScaleResult> points,
			List<RequestGrowth> requestGrowth) {

	}

	/**
	 * Run the sweep on a broker of its own.
	 * @param settings what to run
	 * @param output where the JSON and the charts go
	 * @return the results
	 * @throws Exception if the sweep fails
	 */
	public static Results run(Settings settings, Path output) throws Exception {
		SwitchBenchmark.prepare(output);
		try (BenchmarkBroker broker = BenchmarkBroker.start(settings.initialRebalanceDelayMillis())) {
			ScaleSweep sweep = new ScaleSweep(settings, broker);
			Instant startedAt = Instant.now();
			long started = System.nanoTime();
			long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1024 * 1024);
			List<ScaleResult> points = new ArrayList<>();
			Results results = null;
			for (Point point : settings.points()) {
				points.add(sweep.measure(point));
				results = new Results(settings, description(settings), broker.settings(),
						Runtime.getRuntime().availableProcessors(), maxHeap, startedAt,
						(System.nanoTime() - started) / 1e9, List.copyOf(points), RequestGrowth.fit(points));
				// After every point: a sweep that fails late keeps what it measured
				ResultsJson.write(output.resolve(RESULTS), results);
			}
			if (results == null) {
				throw new IllegalArgumentException("No point to measure: " + settings);
			}
			ScaleChart.write(output.resolve("scale-instances.png"), "switch p50 against instances per color",
					"instances per color", results.points(), ScaleResult::instancesPerColor, ScaleResult::partitions,
					(partitions) -> partitions + " partitions");
			ScaleChart.write(output.resolve("scale-partitions.png"), "switch p50 against partitions", "partitions",
					results.points(), ScaleResult::partitions, ScaleResult::instancesPerColor,
					(instances) -> instances + "+" + instances + " instances");
			return results;
		}
	}

	private static String description(Settings settings) {
		return String.format("bluegreen's fleet switch against the size of the fleet: instances per color %s, "
				+ "partitions %s, grid %s. Why: %s. At each point, a fresh fleet of N blue and N green instances, "
				+ "each a Spring context in this JVM started in parallel, with concurrency %d, the classic group "
				+ "protocol and switch-timeout %d s, on a topic of its own, deleted afterwards; %,d records/s "
				+ "round-robin over the partitions; one warm-up switch (first), then %d switches, each waiting for "
				+ "the new color's first record and consuming %d ms. Requests per second and instance are read "
				+ "from every client's own request-total metric, split into the listeners' consumers and every "
				+ "other client of the fleet (control plane), without the benchmark's producer: during the %d "
				+ "switches under load, then over %d s with nothing produced. Lost and duplicated records are "
				+ "counted over the whole point by partition and offset.", settings.instancesPerColor(),
				settings.partitions(), settings.grid().name().toLowerCase(Locale.ROOT), settings.choices(),
				settings.concurrency(), settings.switchTimeoutSeconds(), settings.ratePerSecond(), settings.switches(),
				settings.dwellMillis(), settings.switches(), settings.idleSeconds());
	}

	private ScaleResult measure(Point point) throws Exception {
		long began = System.nanoTime();
		String name = "scale-" + point.instancesPerColor() + "x" + point.partitions();
		String topic = this.broker.createTopic("bench-" + name, point.partitions());
		Journal journal = new Journal();
		// A group of its own per point, whatever the points before it left behind
		FleetScenario fleet = new FleetScenario(name,
				List.of("spring.kafka.consumer.group-id=" + name,
						"bluegreen.fleet.switch-timeout=" + this.settings.switchTimeoutSeconds() + "s"),
				point.instancesPerColor());
		fleet.setUp(this.broker.bootstrapServers(), topic, journal, this.settings.concurrency());
		SwitchBenchmark.log(name + ": starting " + 2 * point.instancesPerColor() + " instances on " + point.partitions()
				+ " partitions");
		ScaleResult result;
		try (fleet) {
			long startRequested = System.nanoTime();
			fleet.start();
			double startSeconds = (System.nanoTime() - startRequested) / 1e9;
			System.gc();
			long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
			int threads = ManagementFactory.getThreadMXBean().getThreadCount();
			UnderLoad load = underLoad(fleet, journal, point);
			SwitchBenchmark.log(name + ": " + (load.accounted().switches() + 1) + " switches; counting the idle "
					+ "fleet's requests for " + this.settings.idleSeconds() + " s");
			ClientRequests before = ClientRequests.now();
			long idleStart = System.nanoTime();
			Waits.pause(TimeUnit.SECONDS.toMillis(this.settings.idleSeconds()));
			Requests idle = Requests.between(before, ClientRequests.now(), idleStart, load.listeners(),
					load.notControlPlane(), point);
			Accounting.Switch first = load.first();
			ScenarioResult accounted = load.accounted();
			result = new ScaleResult(point.instancesPerColor(), point.partitions(), startSeconds, heapUsed, threads,
					(first.returnedNanos() - first.requestedNanos()) / 1e6,
					Accounting.toFirstRecordMillis(journal, first), accounted.switches(), accounted.requestMillis(),
					accounted.toFirstRecordMillis(), load.requests().seconds(), load.requests().controlPlane(),
					load.requests().listeners(), idle.seconds(), idle.controlPlane(), idle.listeners(),
					accounted.produced(), accounted.lost(), accounted.duplicates(), (System.nanoTime() - began) / 1e9,
					RequestsPerSwitch.of(load.perSwitch(), point.instancesPerColor()));
		}
		this.broker.deleteTopics(List.of(topic, FleetScenario.controlTopic(topic)));
		SwitchBenchmark.log(String.format("%s: done in %.0f s with closing the instances", name,
				(System.nanoTime() - began) / 1e9));
		return result;
	}

	/**
	 * Produce, make the warm-up switch and the measured ones while counting requests, and
	 * account for every record once the load stopped.
	 */
	private UnderLoad underLoad(FleetScenario fleet, Journal journal, Point point) throws Exception {
		try (RateProducer producer = new RateProducer(this.broker.bootstrapServers(), fleet.topic(), point.partitions(),
				this.settings.ratePerSecond())) {
			producer.start();
			Waits.await(() -> journal.lastProcessedNanos("blue") != Long.MIN_VALUE, 120, true);
			long start = System.nanoTime();
			// Steady state first: the backlog of the first join is consumed
			Waits.pause(3000);
			fleet.awaitStableGroups(point.partitions());
			Accounting.Switch first = Waits.switchAndAwaitFirstRecord(fleet, journal, "green");
			Waits.pause(this.settings.dwellMillis());
			Set<String> listeners = listenerClientIds(fleet,
					2 * point.instancesPerColor() * this.settings.concurrency());
			Set<String> notControlPlane = new HashSet<>(listeners);
			notControlPlane.add(producer.clientId());
			ClientRequests before = ClientRequests.now();
			long switchingStart = System.nanoTime();
			List<Accounting.Switch> switches = new ArrayList<>();
			List<SwitchRequests.Counted> counted = new ArrayList<>();
			for (int i = 0; i < this.settings.switches(); i++) {
				// The stretch before the switch, with nothing switching, is the baseline
				SwitchRequests.Reading quiet = SwitchRequests.Reading.now();
				Waits.pause(this.settings.dwellMillis());
				String coordinator = fleet.nextCoordinator();
				SwitchRequests.Reading requested = SwitchRequests.Reading.now();
				switches.add(Waits.switchAndAwaitFirstRecord(fleet, journal, (i % 2 == 0) ? "blue" : "green"));
				counted.add(SwitchRequests.count(quiet, requested, SwitchRequests.Reading.now(), listeners,
						Set.of(producer.clientId()), coordinator));
			}
			Requests requests = Requests.between(before, ClientRequests.now(), switchingStart, listeners,
					notControlPlane, point);
			producer.stop();
			long end = System.nanoTime();
			Waits.awaitQuiet(journal, producer::sent);
			return new UnderLoad(first,
					Accounting.account(fleet, producer.sentNanos(), journal.all(), switches, -1, start, end), requests,
					listeners, notControlPlane, SwitchRequests.mean(counted));
		}
	}

	/**
	 * Return the client ids of the listeners' consumers, as the fleet reports them, and
	 * warn when fewer than expected are reported: the missing ones would count as the
	 * control plane.
	 */
	private static Set<String> listenerClientIds(FleetScenario fleet, int expected) {
		Set<String> listeners = fleet.listenerClientIds();
		if (listeners.size() < expected) {
			SwitchBenchmark.log(fleet.name() + ": WARNING the fleet reports " + listeners.size() + " of the " + expected
					+ " listener consumers; the others count as control plane");
		}
		return listeners;
	}

	/**
	 * What a point measured under load.
	 *
	 * @param first the warm-up switch
	 * @param accounted every record accounted for, with the switches after it
	 * @param requests the requests during those switches
	 * @param listeners the client ids of the listeners' consumers
	 * @param notControlPlane the client ids that are not the control plane
	 * @param perSwitch the requests of a switch, the mean of the switches
	 */
	private record UnderLoad(Accounting.Switch first, ScenarioResult accounted, Requests requests,
			Set<String> listeners, Set<String> notControlPlane, SwitchRequests.Counted perSwitch) {

	}

	/**
	 * The requests of a fleet per second and instance over a window.
	 *
	 * @param seconds the length of the window
	 * @param controlPlane of every client but the listeners' consumers and the
	 * benchmark's producer
	 * @param listeners of the listeners' consumers
	 */
	private record Requests(double seconds, double controlPlane, double listeners) {

		static Requests between(ClientRequests before, ClientRequests after, long startNanos, Set<String> listeners,
				Set<String> notControlPlane, Point point) {
			double seconds = (System.nanoTime() - startNanos) / 1e9;
			int instances = 2 * point.instancesPerColor();
			return new Requests(seconds, after.since(before, notControlPlane, false) / instances / seconds,
					after.since(before, listeners, true) / instances / seconds);
		}

	}

}
