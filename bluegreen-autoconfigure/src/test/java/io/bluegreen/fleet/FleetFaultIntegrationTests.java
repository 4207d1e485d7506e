package io.bluegreen.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Gate;
import io.bluegreen.test.KafkaCluster;
import io.bluegreen.test.Load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fleet switches on a three-node cluster while nodes die: two instances per color,
 * continuous load written with {@code acks=all}, every record accounted for by partition,
 * offset, color and time. Every switch ends with a decided outcome within the switch
 * timeout plus the client timeouts, a switch retried once the cluster healed completes,
 * and no record is lost, processed twice or processed by two colors at once.
 * <p>
 * Each test writes its figures to {@code target/fault-runs/<test>.txt}.
 */
class FleetFaultIntegrationTests {

	private static final int PARTITIONS = 6;

	private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(15);

	/**
	 * Switch timeout, plus a write and its read-back on the control topic (10 s each),
	 * plus a leader election after a node is fenced, with room for a loaded machine.
	 */
	private static final Duration SWITCH_CEILING = SWITCH_TIMEOUT.plusSeconds(45);

	private static final Set<String> DECIDED = Set.of("COMPLETED", "ABORTED", "UNKNOWN");

	private static KafkaCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = KafkaCluster.shared();
	}

	@Test
	void controlPartitionLeaderKilledMidSwitchThenRestarted() throws Exception {
		String topic = cluster.createTopic("control-leader", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(cluster, topic, PARTITIONS)) {
			FleetSwitchIntegrationTests.startTwoPerColor(fleet);
			load.startContinuous(2);
			await().atMost(ceiling()).until(() -> fleet.processedBy("blue") > 50);
			switchThroughAKill(fleet, load, "control-leader-killed",
					() -> cluster.leaderOf(new TopicPartition(fleet.controlTopic(), 0)),
					(node) -> "kill -9 of node " + node + " (leader of the control partition) mid-switch");
		}
	}

	@Test
	void groupCoordinatorOfTheOldColorKilledMidDrain() throws Exception {
		String topic = cluster.createTopic("group-coordinator", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(cluster, topic, PARTITIONS)) {
			FleetSwitchIntegrationTests.startTwoPerColor(fleet);
			load.startContinuous(2);
			await().atMost(ceiling()).until(() -> fleet.processedBy("blue") > 50);
			int coordinator = cluster.groupCoordinatorOf(fleet.group() + "-blue");
			// The fault hits the group coordinator only, not the control topic's leader
			TopicPartition control = new TopicPartition(fleet.controlTopic(), 0);
			cluster.moveLeadershipAway(control, coordinator);
			fleet.awaitReady(PARTITIONS);
			AtomicInteger controlLeader = new AtomicInteger();
			switchThroughAKill(fleet, load, "group-coordinator-killed", () -> {
				assertThat(cluster.groupCoordinatorOf(fleet.group() + "-blue")).isEqualTo(coordinator);
				controlLeader.set(cluster.leaderOf(control));
				return coordinator;
			}, (node) -> "kill -9 of node " + node + " (coordinator of the old color's group"
					+ ((node == controlLeader.get()) ? ", and leader of the control partition" : "") + ") mid-drain");
		}
	}

	@Test
	void transactionCoordinatorOfTheHandoverKilledMidSwitch() throws Exception {
		String topic = cluster.createTopic("transaction-coordinator", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(cluster, topic, PARTITIONS)) {
			FleetSwitchIntegrationTests.startTwoPerColor(fleet);
			load.startContinuous(2);
			await().atMost(ceiling()).until(() -> fleet.processedBy("blue") > 50);
			// green-1 coordinates, and commits the handover with its transactional id
			String transactionalId = "bluegreen-offsets-" + fleet.deployment() + "-green-1";
			int coordinator = await().atMost(ceiling())
				.ignoreExceptions()
				.until(() -> cluster.transactionCoordinatorOf(transactionalId), (id) -> id > 0);
			TopicPartition control = new TopicPartition(fleet.controlTopic(), 0);
			cluster.moveLeadershipAway(control, coordinator);
			fleet.awaitReady(PARTITIONS);
			// The drain ends after the kill, and the handover
			// is committed while the coordinator moves
			switchThroughAKill(fleet, load, "transaction-coordinator-killed", () -> coordinator,
					(node) -> "kill -9 of node " + node + " (transaction coordinator of the handover) mid-switch");
		}
	}

	@Test
	void rollingRestartOfEveryNodeDuringASeriesOfSwitches() throws Exception {
		String topic = cluster.createTopic("rolling", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(cluster, topic, PARTITIONS)) {
			FleetSwitchIntegrationTests.startTwoPerColor(fleet);
			load.startContinuous(2);
			await().atMost(ceiling()).until(() -> fleet.processedBy("blue") > 50);

			List<SwitchResult> switches = Collections.synchronizedList(new ArrayList<>());
			List<Long> durations = Collections.synchronizedList(new ArrayList<>());
			AtomicBoolean restarting = new AtomicBoolean(true);
			CompletableFuture<Void> switcher = CompletableFuture.runAsync(() -> {
				List<String> coordinators = List.of("green-1", "blue-2", "green-2", "blue-1");
				int i = 0;
				while (restarting.get()) {
					String active = fleet.service("blue-1").status().active();
					String to = "blue".equals(active) ? "green" : "blue";
					long started = System.nanoTime();
					SwitchResult result = fleet.service(coordinators.get(i++ % coordinators.size())).switchTo(to);
					durations.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
					switches.add(result);
					if (result.outcome() == SwitchOutcome.COMPLETED) {
						long before = fleet.processedBy(to);
						await().atMost(ceiling()).until(() -> fleet.processedBy(to) > before + 5);
					}
					else {
						// Let the fleet settle before the next request
						await().pollDelay(Duration.ofMillis(500)).until(() -> true);
					}
				}
			});
			for (int node : cluster.nodeIds()) {
				cluster.stop(node);
				cluster.restart(node);
			}
			restarting.set(false);
			switcher.get(SWITCH_CEILING.toSeconds() + 60, TimeUnit.SECONDS);
			assertThat(switches).isNotEmpty();
			assertThat(durations).allSatisfy((millis) -> assertThat(millis).isLessThan(SWITCH_CEILING.toMillis()));
			assertThat(switches).allSatisfy((result) -> assertThat(result.outcome().name()).as(result.toString())
				.isIn("COMPLETED", "ABORTED", "UNKNOWN", "CONFLICT"));

			SwitchResult last = switches.get(switches.size() - 1);
			String next = healedSwitch(fleet, last, switches);
			load.stop();
			Ledger ledger = awaitLedger(fleet, load);
			report("rolling-restart", "rolling restart (SIGTERM, start, all partitions back in sync) of nodes "
					+ cluster.nodeIds() + " during a series of switches; answer times (ms) " + durations, switches,
					ledger);
			ledger.assertExact();
			assertThat(fleet.service("green-1").status().active()).isEqualTo(next);
		}
	}

	private static FleetInstances fleet(String topic) {
		return FleetInstances.onCluster(cluster, topic,
				"bluegreen.fleet.switch-timeout=" + SWITCH_TIMEOUT.toSeconds() + "s",
				"bluegreen.fleet.startup-timeout=60s");
	}

	/**
	 * Once the cluster healed, a switch completes: the one that failed, retried, or the
	 * way back after one that completed.
	 * @return the color active after it
	 */
	/**
	 * Switch from blue to green while blue-1 holds a record in its listener, kill -9 the
	 * node the supplier names once the switch is in progress, and let the drain go on.
	 * Then restart the node, switch once more once the cluster healed, and account for
	 * every record.
	 */
	private static void switchThroughAKill(FleetInstances fleet, Load load, String name, IntSupplier nodeToKill,
			IntFunction<String> fault) throws Exception {
		Gate gate = fleet.get("blue-1").getBean(Gate.class);
		gate.close();
		await().atMost(ceiling()).until(() -> gate.waiting() > 0);

		long requested = System.nanoTime();
		CompletableFuture<SwitchResult> result = CompletableFuture
			.supplyAsync(() -> fleet.service("green-1").switchTo("green"));
		await().atMost(ceiling()).until(() -> fleet.service("green-1").status().switchInProgress() != null);
		int node = nodeToKill.getAsInt();
		cluster.kill(node);
		gate.open();

		List<SwitchResult> switches = new ArrayList<>();
		SwitchResult first = result.get(SWITCH_CEILING.toSeconds(), TimeUnit.SECONDS);
		long answeredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requested);
		switches.add(first);
		assertThat(first.outcome().name()).as(first.toString()).isIn(DECIDED);

		cluster.restart(node);
		String next = healedSwitch(fleet, first, switches);
		load.stop();
		Ledger ledger = awaitLedger(fleet, load);
		report(name, fault.apply(node) + ", then its restart; first switch answered in " + answeredMillis + " ms",
				switches, ledger);
		ledger.assertExact();
		assertThat(fleet.service("green-1").status().active()).isEqualTo(next);
	}

	private static String healedSwitch(FleetInstances fleet, SwitchResult previous, List<SwitchResult> switches) {
		await().atMost(ceiling())
			.until(() -> fleet.service("green-1").status().switchInProgress() == null
					&& fleet.service("blue-1").status().switchInProgress() == null);
		String active = fleet.service("green-1").status().active();
		String to = "blue".equals(active) ? "green" : "blue";
		fleet.awaitReady(PARTITIONS);
		SwitchResult healed = fleet.service("blue-2").switchTo(to);
		switches.add(healed);
		assertThat(healed.outcome()).as("switch to " + to + " after healing, following " + previous + ": " + healed)
			.isEqualTo(SwitchOutcome.COMPLETED);
		long before = fleet.processedBy(to);
		await().atMost(ceiling()).until(() -> fleet.processedBy(to) > before + 20);
		return to;
	}

	private static Ledger awaitLedger(FleetInstances fleet, Load load) {
		Map<TopicPartition, Long> ends = load.endOffsets();
		long produced = ends.values().stream().mapToLong(Long::longValue).sum();
		// Everything produced is processed, unless something was lost
		try {
			await().atMost(ceiling()).until(() -> Ledger.of(fleet, ends).distinct() >= produced);
		}
		catch (ConditionTimeoutException ex) {
			// Reported as lost below
		}
		return Ledger.of(fleet, ends);
	}

	private static void report(String name, String faults, List<SwitchResult> switches, Ledger ledger) {
		Map<String, Integer> outcomes = new HashMap<>();
		switches.forEach((result) -> outcomes.merge(result.outcome().name(), 1, Integer::sum));
		List<String> reasons = switches.stream()
			.filter((result) -> result.outcome() != SwitchOutcome.COMPLETED)
			.map((result) -> result.outcome() + ": " + result.reason())
			.toList();
		String line = String.format("%s: %s; switches %d, outcomes %s; records produced %d, processed %d, "
				+ "lost %d, processed twice %d, partitions processed out of offset order %d; not completed %s%n", name,
				faults, switches.size(), outcomes, ledger.produced(), ledger.processed(), ledger.lost(),
				ledger.duplicated(), ledger.overlaps(), reasons);
		System.out.print(line);
		try {
			Path directory = Files.createDirectories(Path.of("target", "fault-runs"));
			Files.writeString(directory.resolve(name + ".txt"), line, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Duration ceiling() {
		return Duration.ofSeconds(90);
	}

	/**
	 * What the instances processed against what was produced.
	 */
	private record Ledger(long produced, long processed, long distinct, long lost, long duplicated, int overlaps,
			FleetInstances fleet, Map<TopicPartition, Long> ends) {

		static Ledger of(FleetInstances fleet, Map<TopicPartition, Long> ends) {
			List<FleetInstances.Processed> all = fleet.processed();
			Map<TopicPartition, List<FleetInstances.Processed>> byPartition = new HashMap<>();
			all.forEach((record) -> byPartition.computeIfAbsent(record.partition(), (key) -> new ArrayList<>())
				.add(record));
			long produced = 0;
			long distinct = 0;
			long lost = 0;
			int overlaps = 0;
			for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
				List<FleetInstances.Processed> records = byPartition.getOrDefault(end.getKey(), List.of());
				long seen = records.stream().mapToLong(FleetInstances.Processed::offset).distinct().count();
				produced += end.getValue();
				distinct += seen;
				lost += end.getValue() - records.stream()
					.mapToLong(FleetInstances.Processed::offset)
					.filter((offset) -> offset < end.getValue())
					.distinct()
					.count();
				// In processing order, a partition goes back to a
				// color it left only if two colors consumed it at
				// the same time, or processed an offset out of order
				long previous = -1;
				for (FleetInstances.Processed record : records) {
					if (record.offset() <= previous) {
						overlaps++;
						break;
					}
					previous = record.offset();
				}
			}
			return new Ledger(produced, all.size(), distinct, lost, all.size() - distinct, overlaps, fleet, ends);
		}

		void assertExact() {
			assertThat(this.lost).as("records lost").isZero();
			assertThat(this.duplicated).as("records processed twice").isZero();
			assertThat(this.overlaps).as("partitions processed out of offset order across colors").isZero();
			this.fleet.assertEveryRecordProcessedOnceInOrder(this.ends);
		}

	}

}
