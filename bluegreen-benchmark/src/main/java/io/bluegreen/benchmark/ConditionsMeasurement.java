package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

/**
 * Measures bluegreen's fleet switch under one group protocol in the conditions users
 * meet: the first switch after startup and more under load, then, with nothing produced,
 * what the idle fleet asks of the broker and switches on the idle topic.
 *
 * @author bluegreen
 */
final class ConditionsMeasurement {

	private final SwitchBenchmark.Settings settings;

	private final BenchmarkBroker broker;

	/**
	 * Measure on a broker.
	 * @param settings the load, the partitions and the switches
	 * @param broker the broker
	 */
	ConditionsMeasurement(SwitchBenchmark.Settings settings, BenchmarkBroker broker) {
		this.settings = settings;
		this.broker = broker;
	}

	/**
	 * Measure under a group protocol.
	 * @param protocol the group protocol
	 * @return the figures
	 * @throws Exception if the benchmark fails
	 */
	ConditionsResult measure(String protocol) throws Exception {
		String name = "bluegreen-" + protocol;
		String bootstrapServers = this.broker.bootstrapServers();
		String topic = this.broker.createTopic("bench-" + name, this.settings.partitions());
		Journal journal = new Journal();
		FleetScenario fleet = new FleetScenario(name,
				List.of("spring.kafka.consumer.properties.group.protocol=" + protocol));
		fleet.setUp(bootstrapServers, topic, journal, this.settings.concurrency());
		SwitchBenchmark.log(name + ": starting instances");
		try (fleet) {
			List<Accounting.Switch> busy = new ArrayList<>();
			List<FleetSwitchBreakdown.Switch> reported = new ArrayList<>();
			try (RateProducer producer = new RateProducer(bootstrapServers, topic, this.settings.partitions(),
					this.settings.ratePerSecond())) {
				fleet.start();
				producer.start();
				// As a rollout would: the first switch the moment every instance is ready
				fleet.awaitReady();
				for (int i = 0; i <= this.settings.conditionSwitches(); i++) {
					Accounting.Switch done = Waits.switchAndAwaitFirstRecord(fleet, journal,
							(i % 2 == 0) ? "green" : "blue");
					busy.add(done);
					reported.add(FleetSwitchBreakdown.Switch.of(done.to(), done.requestedNanos(), fleet.lastResult()));
					Waits.pause(this.settings.dwellMillis());
				}
				producer.stop();
				Waits.awaitQuiet(journal, producer::sent);
			}
			// Where the time goes: the first switch, asked for the moment the fleet was
			// ready, apart from the ones after it
			FleetSwitchBreakdown.of(name + " first switch", reported.subList(0, 1), journal)
				.lines()
				.forEach(SwitchBenchmark::log);
			FleetSwitchBreakdown
				.of(name + " switches under load after the first", reported.subList(1, reported.size()), journal)
				.lines()
				.forEach(SwitchBenchmark::log);
			SwitchBenchmark
				.log(name + ": " + busy.size() + " switches under load; counting the idle fleet's requests for "
						+ this.settings.idleSeconds() + " s");
			Set<String> listeners = fleet.listenerClientIds();
			ClientRequests before = ClientRequests.now();
			long idleStart = System.nanoTime();
			Waits.pause(TimeUnit.SECONDS.toMillis(this.settings.idleSeconds()));
			ClientRequests after = ClientRequests.now();
			double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
			int instances = fleet.instancesOf("blue").size() + fleet.instancesOf("green").size();
			List<Double> idle = idleSwitches(fleet, busy.get(busy.size() - 1).to());
			SwitchBenchmark.log(name + ": " + idle.size() + " switches on the idle topic");
			Accounting.Switch first = busy.get(0);
			List<Accounting.Switch> later = busy.subList(1, busy.size());
			return new ConditionsResult(protocol, Accounting.toFirstRecordMillis(journal, first),
					(first.returnedNanos() - first.requestedNanos()) / 1e6,
					Percentiles
						.of(later.stream().map((done) -> Accounting.toFirstRecordMillis(journal, done)).toList()),
					Percentiles.of(later.stream()
						.map((done) -> (done.returnedNanos() - done.requestedNanos()) / 1e6)
						.toList()),
					Percentiles.of(idle), idleSeconds, after.since(before, listeners, false) / instances / idleSeconds,
					after.since(before, listeners, true) / instances / idleSeconds);
		}
	}

	private List<Double> idleSwitches(FleetScenario fleet, String active) {
		List<Double> idle = new ArrayList<>();
		for (int i = 0; i < this.settings.conditionSwitches(); i++) {
			active = Scenario.other(active);
			long requested = System.nanoTime();
			fleet.switchTo(active);
			idle.add((System.nanoTime() - requested) / 1e6);
			Waits.pause(this.settings.dwellMillis());
		}
		return idle;
	}

}
