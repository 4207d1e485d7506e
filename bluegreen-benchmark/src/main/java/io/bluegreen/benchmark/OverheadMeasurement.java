package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures what the starter costs: the same listener with and without it, the throughput
 * of consuming a backlog in pairs of runs one after the other on the same records, then
 * the latency of both consuming the same load at the same time.
 *
 * @author bluegreen
 */
final class OverheadMeasurement {

	private final SwitchBenchmark.Settings settings;

	private final BenchmarkBroker broker;

	private final String bootstrapServers;

	/**
	 * Measure on a broker.
	 * @param settings the load, the backlog and the pairs of runs
	 * @param broker the broker
	 */
	OverheadMeasurement(SwitchBenchmark.Settings settings, BenchmarkBroker broker) {
		this.settings = settings;
		this.broker = broker;
		this.bootstrapServers = broker.bootstrapServers();
	}

	/**
	 * Measure the throughput and the latency with and without the starter.
	 * @return the figures
	 * @throws Exception if the benchmark fails
	 */
	OverheadResult measure() throws Exception {
		List<OverheadResult.Run> runs = throughput();
		SwitchBenchmark.log("overhead: latency at " + this.settings.ratePerSecond() + " records/s");
		String latencyTopic = this.broker.createTopic("bench-latency", this.settings.partitions());
		Journal withoutJournal = new Journal();
		Journal withJournal = new Journal();
		try (RateProducer producer = new RateProducer(this.bootstrapServers, latencyTopic, this.settings.partitions(),
				this.settings.ratePerSecond())) {
			ConfigurableApplicationContext plain = BenchmarkConsumer.start(withoutJournal,
					properties(latencyTopic, BenchmarkConsumer.withoutStarter("latency-without")));
			ConfigurableApplicationContext starter = BenchmarkConsumer.start(withJournal,
					properties(latencyTopic, BenchmarkConsumer.withStarter("latency-with")));
			try {
				Waits.pause(this.settings.initialRebalanceDelayMillis() + 2000L);
				producer.start();
				Waits.pause(TimeUnit.SECONDS.toMillis(this.settings.latencySeconds()));
				producer.stop();
				Waits.awaitQuiet(withoutJournal, producer::sent);
				Waits.awaitQuiet(withJournal, producer::sent);
			}
			finally {
				plain.close();
				starter.close();
			}
			return OverheadResult.of(
					"the benchmark listener, one instance with the benchmark's concurrency, "
							+ "bluegreen's auto-configurations excluded versus the starter with fleet coordination; "
							+ "throughput: " + this.settings.overheadPairs() + " pairs of runs on the same backlog, "
							+ "each from its first record to its last, the variant that goes first alternating "
							+ "(without-with, with-without, ...); the means of all runs and the ratio of each pair; "
							+ "latency: both consuming the same load at the same time",
					this.settings.backlog(), runs, latency(withoutJournal, producer), latency(withJournal, producer));
		}
	}

	private List<OverheadResult.Run> throughput() throws Exception {
		SwitchBenchmark.log("overhead: throughput from a backlog of " + this.settings.backlog() + ", "
				+ this.settings.overheadPairs() + " pairs of runs");
		String backlogTopic = this.broker.createTopic("bench-backlog", this.settings.partitions());
		try (RateProducer producer = new RateProducer(this.bootstrapServers, backlogTopic, this.settings.partitions(),
				this.settings.ratePerSecond())) {
			producer.sendNow(this.settings.backlog());
		}
		List<OverheadResult.Run> runs = new ArrayList<>();
		for (int pair = 0; pair < this.settings.overheadPairs(); pair++) {
			// A later run profits from a warmer JVM: each
			// variant goes first in every other pair
			List<String> order = (pair % 2 == 0) ? List.of(OverheadResult.WITHOUT, OverheadResult.WITH)
					: List.of(OverheadResult.WITH, OverheadResult.WITHOUT);
			for (String variant : order) {
				String group = "overhead-" + variant + "-" + (runs.size() + 1);
				double recordsPerSecond = drainThroughput(backlogTopic, variant.equals(OverheadResult.WITH)
						? BenchmarkConsumer.withStarter(group) : BenchmarkConsumer.withoutStarter(group));
				runs.add(new OverheadResult.Run(runs.size() + 1, variant, recordsPerSecond));
				SwitchBenchmark.log(String.format("overhead: run %d, %s the starter: %.0f records/s", runs.size(),
						variant, recordsPerSecond));
			}
		}
		return runs;
	}

	private double drainThroughput(String topic, List<String> properties) {
		Journal journal = new Journal();
		ConfigurableApplicationContext instance = BenchmarkConsumer.start(journal, properties(topic, properties));
		try {
			// Polls a counter: copying the journal every few milliseconds would take the
			// CPU the instance is measured on
			Waits.await(() -> journal.size() >= this.settings.backlog(), 300, true);
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

	private static Percentiles latency(Journal journal, RateProducer producer) {
		List<Double> latencies = new ArrayList<>();
		for (Journal.Processed record : journal.all()) {
			Long sent = producer.sentNanos(record.partition()).get(record.offset());
			if (sent != null) {
				latencies.add((record.nanos() - sent) / 1e6);
			}
		}
		return Percentiles.of(latencies);
	}

}
