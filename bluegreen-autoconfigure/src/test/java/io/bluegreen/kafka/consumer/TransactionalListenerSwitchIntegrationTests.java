package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleTransitionEvent;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consume-transform-produce listeners whose consumed offsets are committed in the
 * producer's transaction, switched under load. While such a listener is busy, one of its
 * transactions is almost always open, and a read of its group's offsets with
 * {@code requireStable} answers {@code UNSTABLE_OFFSET_COMMIT} for the partitions it
 * carries: a switch that waited for such reads took 1.3 to 15.9 s (median 9.8 s). The
 * output, read with {@code read_committed}, must hold every input record exactly once, by
 * partition and offset.
 */
class TransactionalListenerSwitchIntegrationTests {

	private static final int PARTITIONS = 4;

	private static final int SWITCHES = 4;

	private static final int BACKLOG = 300;

	// The test application's listener concurrency
	private static final int CONCURRENCY = 2;

	@ParameterizedTest(name = "group.protocol={0}, {1}")
	@CsvSource({ "classic,transactional", "consumer,transactional", "classic,transactional-by-hand",
			"consumer,transactional-by-hand" })
	void theOutputHoldsEveryInputRecordOnceAcrossSwitchesUnderLoad(String protocol, String style) throws Exception {
		String topic = EmbeddedBroker.createTopic("eos-in", PARTITIONS);
		String output = EmbeddedBroker.createTopic("eos-out", 1);
		try (FleetInstances fleet = transactionalFleet(topic, output, protocol, style, "15s");
				Load load = new Load(topic, PARTITIONS)) {
			load.startContinuous(10);
			switchBackAndForth(fleet, SWITCHES);
			load.stop();
			awaitEveryInputProcessed(fleet, load.endOffsets());
			assertEveryInputOnceInTheOutput(output, load.endOffsets());
		}
	}

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void aSwitchOfABusyTransactionalListenerDoesNotWaitForUnstableOffsets(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("eos-busy", PARTITIONS);
		String output = EmbeddedBroker.createTopic("eos-busy-out", 1);
		// A ceiling far below the 9.8 s such a switch took when it waited for stable
		// reads. Each transaction carries its offsets for the 50 ms of its transform, and
		// the load, about 30 records/s against the 40 that two consumers transform, keeps
		// the listener busy: the active color's offsets are pending most of the time
		try (FleetInstances fleet = transactionalFleet(topic, output, protocol, "transactional-by-hand", "5s",
				"test.transform-millis=50"); Load load = new Load(topic, PARTITIONS)) {
			load.startContinuous(30);
			switchBackAndForth(fleet, SWITCHES);
			load.stop();
			awaitEveryInputProcessed(fleet, load.endOffsets());
			assertEveryInputOnceInTheOutput(output, load.endOffsets());
		}
	}

	/**
	 * A pause reaches a busy transactional listener between two records of its poll: each
	 * of its consumers finishes the record in progress, and the records of the poll it
	 * was not handed yet go back to the consumer, for the new color. A drain that waited
	 * for the whole poll, each record a transaction, made the switch take 0.7 to 0.9 s at
	 * 20 records a poll; a listener that ran its transactions by hand was handed the
	 * whole poll until it was seen committing offsets in transactions, and its switches
	 * under load took 1 to 2 s.
	 */
	@ParameterizedTest(name = "group.protocol={0}, {1}")
	@CsvSource({ "classic,transactional", "consumer,transactional", "classic,transactional-by-hand",
			"consumer,transactional-by-hand" })
	void aPauseStopsABusyTransactionalListenerAtTheRecordInProgress(String protocol, String style) throws Exception {
		String topic = EmbeddedBroker.createTopic("eos-backlog", PARTITIONS);
		String output = EmbeddedBroker.createTopic("eos-backlog-out", 1);
		try (FleetInstances fleet = transactionalFleet(topic, output, protocol, style, "15s",
				"test.transform-millis=10", "spring.kafka.consumer.max-poll-records=100");
				Load load = new Load(topic, PARTITIONS)) {
			AtomicLong drainingSince = new AtomicLong(Long.MAX_VALUE);
			fleet.get("blue-1").addApplicationListener((ApplicationListener<LifecycleTransitionEvent>) (event) -> {
				if (event.getFrom() == LifecycleState.ACTIVE) {
					drainingSince.compareAndSet(Long.MAX_VALUE, System.nanoTime());
				}
			});
			// A backlog: every poll hands the listener many records
			load.send(BACKLOG);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 40);
			SwitchResult result = fleet.service("green-1").switchTo("green");
			assertThat(result.outcome()).as("%s", result).isEqualTo(SwitchOutcome.COMPLETED);
			List<FleetInstances.Processed> afterThePause = fleet.processed()
				.stream()
				.filter((record) -> record.color().equals("blue") && record.nanos() > drainingSince.get())
				.toList();
			assertThat(afterThePause)
				.as("records blue processed once its drain started: one in progress per consumer at most")
				.hasSizeLessThanOrEqualTo(CONCURRENCY);
			assertThat(fleet.processedBy("blue")).as("blue left records of its polls to green").isLessThan(BACKLOG);
			awaitEveryInputProcessed(fleet, load.endOffsets());
			assertEveryInputOnceInTheOutput(output, load.endOffsets());
		}
	}

	private static FleetInstances transactionalFleet(String topic, String output, String protocol, String style,
			String switchTimeout, String... properties) {
		List<String> all = new ArrayList<>(List.of("test.style=" + style, "test.output-topic=" + output,
				"bluegreen.fleet.switch-timeout=" + switchTimeout,
				"spring.kafka.consumer.properties.group.protocol=" + protocol));
		all.addAll(List.of(properties));
		FleetInstances fleet = new FleetInstances(topic, all.toArray(String[]::new));
		for (String color : new String[] { "blue", "green" }) {
			String transactionIds = style.equals("transactional")
					? "spring.kafka.producer.transaction-id-prefix=" + fleet.deployment() + "-" + color + "-"
					: "spring.kafka.producer.transaction-id-prefix=" + fleet.deployment() + "-hand-" + color + "-";
			fleet.start(color + "-1", color, transactionIds);
		}
		fleet.awaitReady(PARTITIONS);
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> fleet.state("blue-1") == LifecycleState.ACTIVE
					&& fleet.state("green-1") == LifecycleState.PAUSED);
		return fleet;
	}

	private static void switchBackAndForth(FleetInstances fleet, int switches) {
		String active = "blue";
		for (int i = 0; i < switches; i++) {
			String color = active;
			long before = fleet.processedBy(color);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy(color) > before + 40);
			String next = active.equals("blue") ? "green" : "blue";
			SwitchResult result = fleet.service(next + "-1").switchTo(next);
			System.out.println("Switch " + (i + 1) + " to " + next + " took " + result.completedAfter()
					+ ", paused after " + result.pausedAfter() + ": " + result.outcome());
			assertThat(result.outcome()).as("switch %d to %s: %s", i + 1, next, result)
				.isEqualTo(SwitchOutcome.COMPLETED);
			active = next;
		}
		String last = active;
		long before = fleet.processedBy(last);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy(last) > before + 40);
	}

	/**
	 * Wait until the listeners processed every input record at least once: a transform
	 * slower than the load leaves a backlog when the load stops.
	 */
	private static void awaitEveryInputProcessed(FleetInstances fleet, Map<TopicPartition, Long> endOffsets) {
		long expected = endOffsets.values().stream().mapToLong(Long::longValue).sum();
		await().atMost(EmbeddedBroker.waitCeiling().multipliedBy(3))
			.until(() -> fleet.processed()
				.stream()
				.map((record) -> record.partition() + "@" + record.offset())
				.distinct()
				.count() >= expected);
	}

	/**
	 * Every input record, by partition and offset, appears once in the committed output,
	 * which the listeners wrote as {@code partition@offset}.
	 */
	private static void assertEveryInputOnceInTheOutput(String output, Map<TopicPartition, Long> endOffsets) {
		long expected = endOffsets.values().stream().mapToLong(Long::longValue).sum();
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = readCommitted()) {
			consumer.assign(List.of(new TopicPartition(output, 0)));
			consumer.seekToBeginning(consumer.assignment());
			long deadline = System.nanoTime() + EmbeddedBroker.waitCeiling().toNanos();
			while (values.size() < expected && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
				}
			}
			// Anything written twice would come after the last expected record
			consumer.poll(Duration.ofSeconds(1)).forEach((record) -> values.add(record.value()));
		}
		Map<Integer, List<Long>> byPartition = new TreeMap<>();
		for (String value : values) {
			String[] parts = value.split("@");
			byPartition.computeIfAbsent(Integer.valueOf(parts[0]), (key) -> new ArrayList<>())
				.add(Long.valueOf(parts[1]));
		}
		endOffsets.forEach((partition, end) -> assertThat(byPartition.getOrDefault(partition.partition(), List.of()))
			.as("input offsets of partition %d in the committed output", partition.partition())
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, end).boxed().toList()));
		assertThat(values).hasSize((int) expected);
	}

	private static KafkaConsumer<String, String> readCommitted() {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		return new KafkaConsumer<>(properties);
	}

}
