package io.bluegreen.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.bluegreen.kafka.consumer.GuardMicrobenchmark;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * What the starter costs per record on the listener thread, measured by the thread's own
 * counters, which other load on the machine does not move much: CPU time
 * ({@code ThreadMXBean#getCurrentThreadCpuTime}) and bytes allocated
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}), with and
 * without the starter, in pairs whose order alternates; then {@link GuardMicrobenchmark}
 * under JMH. Writes {@value #RESULTS}.
 * <p>
 * One listener with one consumer thread consumes a backlog. Its thread reads its counters
 * itself, after a warm-up share of the backlog and at its last record, so the figures
 * cover everything that thread does per record at full batches: polls, fetches,
 * deserialization, bluegreen's guard and the listener, which only adds up the value
 * lengths.
 *
 * @author bluegreen
 */
final class RecordCost {

	/**
	 * The file the results go to.
	 */
	static final String RESULTS = "results-cost.json";

	/**
	 * Records per second at which the added cost is stated.
	 */
	static final int REFERENCE_RATE = 100_000;

	private RecordCost() {
	}

	/**
	 * What to run.
	 *
	 * @param partitions partitions of the backlog topic
	 * @param records records each run consumes
	 * @param warmup records consumed before the counters are read
	 * @param pairs pairs of runs, one without and one with the starter each
	 * @param jmhIterations measurement iterations of each microbenchmark, one second each
	 */
	record Settings(int partitions, int records, int warmup, int pairs, int jmhIterations) {

		static final Settings QUICK = new Settings(4, 60_000, 20_000, 2, 1);

		static final Settings FULL = new Settings(12, 1_000_000, 200_000, 5, 5);

	}

	/**
	 * One run: the listener thread's counters between the warm-up and the last record.
	 *
	 * @param run its number, in the order of the runs
	 * @param variant {@link OverheadResult#WITHOUT} or {@link OverheadResult#WITH}
	 * @param records records counted
	 * @param cpuNanosPerRecord CPU time of the thread per record
	 * @param bytesPerRecord bytes the thread allocated per record
	 * @param recordsPerSecond records per second of wall-clock time, which the machine's
	 * other load moves
	 */
	record Run(int run, String variant, long records, double cpuNanosPerRecord, double bytesPerRecord,
			double recordsPerSecond) {

	}

	/**
	 * The median and the spread of one figure over the runs of one variant.
	 *
	 * @param median the median
	 * @param min the lowest
	 * @param max the highest
	 */
	record Spread(double median, double min, double max) {

		static Spread of(List<Double> values) {
			List<Double> sorted = values.stream().sorted().toList();
			int n = sorted.size();
			double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
			return new Spread(median, sorted.get(0), sorted.get(n - 1));
		}

	}

	/**
	 * One microbenchmark of the guard.
	 *
	 * @param benchmark its method
	 * @param recordsPerPoll records per poll, or 0 for the per-record ones
	 * @param nanosPerOperation the average time per call
	 * @param nanosError its error at 99.9%
	 * @param bytesPerOperation bytes allocated per call
	 */
	record Micro(String benchmark, int recordsPerPoll, double nanosPerOperation, double nanosError,
			double bytesPerOperation) {

	}

	/**
	 * Everything measured.
	 *
	 * @param method how it was measured
	 * @param settings what ran
	 * @param processors processors of the machine
	 * @param startedAt when it started
	 * @param runs every run in order
	 * @param withoutCpuNanosPerRecord CPU per record without the starter, over its runs
	 * @param withCpuNanosPerRecord the same with the starter
	 * @param withoutBytesPerRecord bytes per record without the starter
	 * @param withBytesPerRecord the same with the starter
	 * @param pairCpuRatios with divided by without, CPU per record, for each pair
	 * @param cpuRatio the median of the pair ratios
	 * @param addedCpuNanosPerRecord the difference of the medians of CPU per record
	 * @param addedBytesPerRecord the difference of the medians of bytes per record
	 * @param addedCoreShareAtReferenceRate the added CPU time at {@link #REFERENCE_RATE}
	 * records a second, as a share of one core
	 * @param withoutRecordsPerSecond wall-clock throughput without the starter
	 * @param withRecordsPerSecond the same with it
	 * @param micro the microbenchmarks, if they ran
	 */
	record Results(String method, Settings settings, int processors, Instant startedAt, List<Run> runs,
			Spread withoutCpuNanosPerRecord, Spread withCpuNanosPerRecord, Spread withoutBytesPerRecord,
			Spread withBytesPerRecord, List<Double> pairCpuRatios, double cpuRatio, double addedCpuNanosPerRecord,
			double addedBytesPerRecord, double addedCoreShareAtReferenceRate, Spread withoutRecordsPerSecond,
			Spread withRecordsPerSecond, List<Micro> micro) {

	}

	/**
	 * Run the pairs and the microbenchmarks, and write {@value #RESULTS}.
	 * @param settings what to run
	 * @param output where the results go
	 * @return the results
	 * @throws Exception if the benchmark fails
	 */
	static Results run(Settings settings, Path output) throws Exception {
		SwitchBenchmark.prepare(output);
		Instant startedAt = Instant.now();
		List<Run> runs = new ArrayList<>();
		// No rebalance is measured here: the broker need not hold the first one
		try (BenchmarkBroker broker = BenchmarkBroker.start(0)) {
			String topic = broker.createTopic("cost-backlog", settings.partitions());
			try (RateProducer producer = new RateProducer(broker.bootstrapServers(), topic, settings.partitions(),
					1000)) {
				producer.sendNow(settings.records());
			}
			for (int pair = 0; pair < settings.pairs(); pair++) {
				List<String> order = (pair % 2 == 0) ? List.of(OverheadResult.WITHOUT, OverheadResult.WITH)
						: List.of(OverheadResult.WITH, OverheadResult.WITHOUT);
				for (String variant : order) {
					String group = "cost-" + variant + "-" + (runs.size() + 1);
					Run run = run(runs.size() + 1, variant, settings, broker.bootstrapServers(), topic, group);
					runs.add(run);
					SwitchBenchmark
						.log(String.format("cost: run %d, %s the starter: %.0f ns CPU and %.0f bytes per record",
								run.run(), variant, run.cpuNanosPerRecord(), run.bytesPerRecord()));
				}
			}
		}
		List<Micro> micro = (settings.jmhIterations() > 0) ? micro(settings.jmhIterations()) : List.of();
		Results results = summarize(settings, startedAt, runs, micro);
		ResultsJson.write(output.resolve(RESULTS), results);
		return results;
	}

	static Results summarize(Settings settings, Instant startedAt, List<Run> runs, List<Micro> micro) {
		Spread withoutCpu = spread(runs, OverheadResult.WITHOUT, Run::cpuNanosPerRecord);
		Spread withCpu = spread(runs, OverheadResult.WITH, Run::cpuNanosPerRecord);
		Spread withoutBytes = spread(runs, OverheadResult.WITHOUT, Run::bytesPerRecord);
		Spread withBytes = spread(runs, OverheadResult.WITH, Run::bytesPerRecord);
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i + 1 < runs.size(); i += 2) {
			Run a = runs.get(i);
			Run b = runs.get(i + 1);
			Run with = a.variant().equals(OverheadResult.WITH) ? a : b;
			Run without = (with == a) ? b : a;
			ratios.add(with.cpuNanosPerRecord() / without.cpuNanosPerRecord());
		}
		double addedCpu = withCpu.median() - withoutCpu.median();
		return new Results("one listener, one consumer thread, consuming a backlog of " + settings.records()
				+ " records at full batches (max.poll.records 500) from " + settings.partitions()
				+ " partitions; the thread reads its own CPU time and allocated bytes after " + settings.warmup()
				+ " records and at the last one; bluegreen's auto-configurations excluded versus the starter with "
				+ "fleet coordination, the active color; " + settings.pairs()
				+ " pairs, the variant that goes first alternating; medians and ranges over the runs of each variant; "
				+ "then GuardMicrobenchmark under JMH with the GC profiler", settings,
				Runtime.getRuntime().availableProcessors(), startedAt, runs, withoutCpu, withCpu, withoutBytes,
				withBytes, ratios, Spread.of(ratios).median(), addedCpu, withBytes.median() - withoutBytes.median(),
				addedCpu * REFERENCE_RATE / 1e9, spread(runs, OverheadResult.WITHOUT, Run::recordsPerSecond),
				spread(runs, OverheadResult.WITH, Run::recordsPerSecond), micro);
	}

	private static Spread spread(List<Run> runs, String variant, java.util.function.ToDoubleFunction<Run> figure) {
		return Spread
			.of(runs.stream().filter((run) -> run.variant().equals(variant)).map(figure::applyAsDouble).toList());
	}

	private static Run run(int number, String variant, Settings settings, String bootstrapServers, String topic,
			String group) {
		List<String> properties = new ArrayList<>(
				List.of("spring.config.name=bluegreen-benchmark", "spring.main.banner-mode=off",
						"spring.kafka.consumer.auto-offset-reset=earliest", "bluegreen.lifecycle-api.enabled=false",
						"spring.kafka.bootstrap-servers=" + bootstrapServers, "benchmark.topic=" + topic,
						"benchmark.cost.warmup=" + settings.warmup(), "benchmark.cost.records=" + settings.records()));
		properties.addAll(variant.equals(OverheadResult.WITH) ? BenchmarkConsumer.withStarter(group)
				: BenchmarkConsumer.withoutStarter(group));
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(CostConsumer.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		try {
			CountingListener listener = instance.getBean(CountingListener.class);
			Waits.await(() -> listener.measured != null, 600, true);
			Measured measured = Objects.requireNonNull(listener.measured, "the listener measured nothing");
			long records = settings.records() - settings.warmup();
			return new Run(number, variant, records, (double) measured.cpuNanos() / records,
					(double) measured.bytes() / records, records / (measured.nanos() / 1e9));
		}
		finally {
			instance.close();
		}
	}

	private static List<Micro> micro(int iterations) throws Exception {
		SwitchBenchmark.log("cost: GuardMicrobenchmark under JMH, " + iterations + " iterations each");
		ChainedOptionsBuilder options = new OptionsBuilder().include(GuardMicrobenchmark.class.getName())
			.addProfiler(GCProfiler.class)
			.forks(1)
			.warmupIterations(Math.min(3, iterations))
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(iterations)
			.measurementTime(TimeValue.seconds(1));
		Collection<RunResult> results = new Runner(options.build()).run();
		List<Micro> micro = new ArrayList<>();
		for (RunResult result : results) {
			BenchmarkParams params = result.getParams();
			String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
			String perPoll = params.getParam("recordsPerPoll");
			Result<?> primary = result.getPrimaryResult();
			micro.add(new Micro(name, (perPoll != null) ? Integer.parseInt(perPoll) : 0, primary.getScore(),
					primary.getScoreError(), allocated(result.getSecondaryResults())));
		}
		micro.sort(Comparator.comparing(Micro::benchmark).thenComparingInt(Micro::recordsPerPoll));
		return micro;
	}

	private static double allocated(Map<String, Result> secondary) {
		return secondary.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith("gc.alloc.rate.norm"))
			.mapToDouble((entry) -> entry.getValue().getScore())
			.findFirst()
			.orElse(Double.NaN);
	}

	/**
	 * The listener thread's counters between the warm-up and the last record.
	 */
	record Measured(long cpuNanos, long bytes, long nanos) {

	}

	/**
	 * An application with the one counting listener.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class CostConsumer {

		@Bean
		CountingListener countingListener(Environment environment) {
			return new CountingListener(environment.getRequiredProperty("benchmark.cost.warmup", Integer.class),
					environment.getRequiredProperty("benchmark.cost.records", Integer.class));
		}

	}

	/**
	 * Adds up the value lengths, and reads its thread's counters twice.
	 */
	static final class CountingListener {

		private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();

		private final int warmup;

		private final int records;

		// Confined to the one consumer thread
		private int count;

		private long length;

		private long cpu;

		private long bytes;

		private long nanos;

		private @Nullable Thread thread;

		volatile @Nullable Measured measured;

		CountingListener(int warmup, int records) {
			this.warmup = warmup;
			this.records = records;
		}

		@KafkaListener(id = "cost", idIsGroup = false, topics = "${benchmark.topic}", concurrency = "1")
		void process(ConsumerRecord<String, String> record) {
			this.length += record.value().length();
			int count = ++this.count;
			if (count == this.warmup) {
				this.thread = Thread.currentThread();
				this.nanos = System.nanoTime();
				this.cpu = THREADS.getCurrentThreadCpuTime();
				this.bytes = THREADS.getCurrentThreadAllocatedBytes();
			}
			else if (count == this.records) {
				long bytes = THREADS.getCurrentThreadAllocatedBytes();
				long cpu = THREADS.getCurrentThreadCpuTime();
				long nanos = System.nanoTime();
				if (Thread.currentThread() != this.thread) {
					throw new IllegalStateException("The listener changed threads: the counters are not comparable");
				}
				this.measured = new Measured(cpu - this.cpu, bytes - this.bytes, nanos - this.nanos);
			}
		}

	}

}
