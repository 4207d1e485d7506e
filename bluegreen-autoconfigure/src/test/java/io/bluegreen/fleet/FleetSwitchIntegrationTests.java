package io.bluegreen.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.bluegreen.kafka.control.KafkaControlLog;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Gate;
import io.bluegreen.test.Load;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.ClassicGroupState;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fleet switches of a deployment with two instances per color, each its own application
 * context on the embedded broker, under continuous load, with every record accounted for
 * by partition, offset, color and time; under both group protocols.
 */
@ParameterizedClass(name = "group.protocol={0}")
@ValueSource(strings = { "classic", "consumer" })
class FleetSwitchIntegrationTests {

	@Parameter
	String protocol;

	private static final int PARTITIONS = 6;

	/**
	 * Switches of the back-and-forth run: 20 in the build, each coordinated in turn by
	 * every instance; {@code -Dtest.fleet.switches=100} for the figures of docs/fleet.md.
	 */
	private static final int SWITCHES = Integer.getInteger("test.fleet.switches", 20);

	@Test
	void switchesBackAndForthUnderLoadWithoutLossDuplicateOrOverlap() throws Exception {
		String topic = EmbeddedBroker.createTopic("fleet", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			startTwoPerColor(fleet);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);
			assertThat(fleet.processedBy("green")).isZero();

			List<Long> toFirstRecord = new ArrayList<>();
			List<Long> toResponse = new ArrayList<>();
			for (int i = 0; i < SWITCHES; i++) {
				String to = (i % 2 == 0) ? "green" : "blue";
				long before = fleet.processedBy(to);
				long requested = System.nanoTime();
				// Any instance of either color coordinates
				SwitchResult result = fleet.service(List.of("blue-1", "green-2", "blue-2", "green-1").get(i % 4))
					.switchTo(to);
				long answered = System.nanoTime();
				assertThat(result.outcome()).as(result.toString()).isEqualTo(SwitchOutcome.COMPLETED);
				await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy(to) > before + 10);
				toFirstRecord.add(TimeUnit.NANOSECONDS.toMillis(fleet.firstProcessedAfter(to, requested) - requested));
				toResponse.add(TimeUnit.NANOSECONDS.toMillis(answered - requested));
			}
			stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
			assertThat(fleet.colorChanges()).as("changes of the consuming color").isEqualTo(SWITCHES);
			SwitchTimes.write(
					"classic".equals(this.protocol) ? "fleet-switch-2x2" : "fleet-switch-2x2-" + this.protocol,
					toFirstRecord, toResponse);
		}
	}

	/**
	 * An unchanged instance writes nothing to the control topic: it is live through its
	 * consumers' group membership, long after its last report. Before, every instance
	 * reported every heartbeat interval and every instance read every report.
	 */
	@Test
	void anIdleFleetWritesNothingToTheControlTopicAndStaysLive() throws Exception {
		String topic = EmbeddedBroker.createTopic("idle", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			startTwoPerColor(fleet);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("blue-1").status().instances().size() == 4);
			// A paused instance reports its partitions' positions, so every partition
			// that still moves between the paused color's instances is a report: under
			// the consumer protocol a group reaches its target assignment one member
			// heartbeat (5 s) at a time, and on a busy machine two steps came more than
			// 6 s apart
			awaitGroupsAtRest(fleet);
			// Settled: every instance reported its consumers' member ids and, if paused,
			// its partitions' positions; an instance without member ids would write every
			// heartbeat interval (200 ms) and never settle
			long settled = awaitUnchangedFor(fleet, Duration.ofSeconds(6));
			// Fifteen heartbeat intervals, and longer than the instance timeout
			await().pollDelay(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(10)).until(() -> true);

			long end = controlTopicEnd(fleet);
			assertThat(end)
				.as(() -> "records written to the control topic while idle: " + controlRecords(fleet, settled, end))
				.isEqualTo(settled);
			assertThat(fleet.service("green-2").status().instances()).as("live instances")
				.extracting(InstanceReport::instanceId)
				.containsExactly("blue-1", "blue-2", "green-1", "green-2");
			load.send(100);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 100);
			SwitchResult result = fleet.service("green-2").switchTo("green");
			assertThat(result.outcome()).as(result.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			load.send(100);
			stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
			assertThat(fleet.processedBy("blue")).isEqualTo(100);
			assertThat(fleet.processedBy("green")).isEqualTo(100);
		}
	}

	/**
	 * Wait until the broker shows both colors' groups at rest: stable, and under the
	 * consumer protocol with every member holding its target assignment.
	 */
	private void awaitGroupsAtRest(FleetInstances fleet) {
		List<String> groups = List.of(fleet.group() + "-blue", fleet.group() + "-green");
		await().atMost(EmbeddedBroker.waitCeiling()).pollInterval(Duration.ofMillis(250)).until(() -> {
			try (Admin admin = EmbeddedBroker.admin()) {
				if ("classic".equals(this.protocol)) {
					return admin.describeClassicGroups(groups)
						.all()
						.get(30, TimeUnit.SECONDS)
						.values()
						.stream()
						.allMatch((group) -> group.state() == ClassicGroupState.STABLE);
				}
				return admin.describeConsumerGroups(groups)
					.all()
					.get(30, TimeUnit.SECONDS)
					.values()
					.stream()
					.allMatch((group) -> group.groupState() == GroupState.STABLE && group.members()
						.stream()
						.allMatch(
								(member) -> member.targetAssignment().map(member.assignment()::equals).orElse(false)));
			}
		});
	}

	private static long awaitUnchangedFor(FleetInstances fleet, Duration window) throws Exception {
		AtomicLong end = new AtomicLong(controlTopicEnd(fleet));
		AtomicLong changedAt = new AtomicLong(System.nanoTime());
		await().pollInterval(Duration.ofMillis(500)).atMost(EmbeddedBroker.waitCeiling()).until(() -> {
			long now = controlTopicEnd(fleet);
			if (end.getAndSet(now) != now) {
				changedAt.set(System.nanoTime());
			}
			return System.nanoTime() - changedAt.get() >= window.toNanos();
		});
		return end.get();
	}

	/**
	 * The records of the control topic between two offsets, with their keys, to say which
	 * instance wrote what.
	 */
	private static List<String> controlRecords(FleetInstances fleet, long from, long to) {
		TopicPartition control = new TopicPartition(fleet.controlTopic(), 0);
		List<String> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers(),
						ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
						ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
			consumer.assign(List.of(control));
			consumer.seek(control, from);
			long deadline = System.nanoTime() + EmbeddedBroker.waitCeiling().toNanos();
			while (consumer.position(control) < to && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200))
					.forEach((record) -> records.add(record.offset() + " " + record.key() + " " + record.value()));
			}
		}
		return records;
	}

	private static long controlTopicEnd(FleetInstances fleet) throws Exception {
		TopicPartition control = new TopicPartition(fleet.controlTopic(), 0);
		try (Admin admin = EmbeddedBroker.admin()) {
			return admin.listOffsets(Map.of(control, OffsetSpec.latest()))
				.partitionResult(control)
				.get(30, TimeUnit.SECONDS)
				.offset();
		}
	}

	/**
	 * A refused request changes nothing: the instance keeps consuming, the other color
	 * processes nothing. The refusal for every wanted and requested state is pure logic,
	 * in {@link FleetDirectiveTests}.
	 */
	@Test
	void aHandPauseOfTheActiveColorIsRefusedAndChangesNothing() throws Exception {
		String topic = EmbeddedBroker.createTopic("hand", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			fleet.start("green-1", "green");
			fleet.awaitReady(PARTITIONS);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);

			TransitionResult pause = fleet.get("blue-1")
				.getBean(LifecycleService.class)
				.request(LifecycleState.PAUSED)
				.get(30, TimeUnit.SECONDS);

			assertThat(pause.outcome()).isEqualTo(TransitionResult.Outcome.REFUSED);
			assertThat(pause.reason()).contains("may not pause on its own").contains("switch the deployment");
			assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.ACTIVE);
			assertThat(fleet.service("green-1").switchTo("blue").outcome()).isEqualTo(SwitchOutcome.UNCHANGED);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("green-1").status().consumingInstances() == 1);
			long blue = fleet.processedBy("blue");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > blue + 50);
			stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
			assertThat(fleet.processedBy("green")).isZero();
		}
	}

	@Test
	void switchesBothWaysWhenTheNewColorHasAListenerTheOldOneLacks() throws Exception {
		String topic = EmbeddedBroker.createTopic("release", PARTITIONS);
		String audit = EmbeddedBroker.createTopic("audit", 2);
		String auditGroup = EmbeddedBroker.uniqueName("audit");
		try (FleetInstances fleet = fleet(topic);
				Load load = new Load(topic, PARTITIONS);
				Load audits = new Load(audit, 2)) {
			fleet.start("blue-1", "blue");
			fleet.start("blue-2", "blue");
			// The green release adds a listener of a group of its own
			fleet.start("green-1", "green", "test.added-topic=" + audit, "test.added-group=" + auditGroup);
			fleet.start("green-2", "green", "test.added-topic=" + audit, "test.added-group=" + auditGroup);
			fleet.awaitBalanced("blue", PARTITIONS);
			// Green's consumers hold the partitions of both topics
			fleet.awaitBalanced("green", PARTITIONS + 2);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("blue-1").status().instances().size() == 4);
			load.startContinuous(1);
			audits.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);

			// Coordinated by instances of either release, in both directions
			for (String coordinator : List.of("green-1", "blue-2", "blue-1", "green-2")) {
				String to = fleet.service(coordinator).status().active().equals("blue") ? "green" : "blue";
				SwitchResult result = fleet.service(coordinator).switchTo(to);
				assertThat(result.outcome()).as(result.toString()).isEqualTo(SwitchOutcome.COMPLETED);
				long before = fleet.processedBy(to);
				await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy(to) > before + 20);
			}
			audits.stop();
			stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
			// Only green has the audit listener: it consumed the audit topic while
			// active, each record once, in order, from where it stopped
			Map<TopicPartition, List<Long>> auditOffsets = new HashMap<>();
			fleet.processed()
				.stream()
				.filter((record) -> record.partition().topic().equals(audit))
				.forEach((record) -> {
					assertThat(record.color()).isEqualTo("green");
					auditOffsets.computeIfAbsent(record.partition(), (key) -> new ArrayList<>()).add(record.offset());
				});
			assertThat(auditOffsets).isNotEmpty();
			auditOffsets.forEach((partition, offsets) -> assertThat(offsets).as("offsets of " + partition)
				.isSorted()
				.doesNotHaveDuplicates()
				.startsWith(0L)
				.hasSize((int) (offsets.get(offsets.size() - 1) + 1)));
		}
	}

	@Test
	void consumersWithoutPartitionsConfirmTheirPauseToo() throws Exception {
		String topic = EmbeddedBroker.createTopic("idle", PARTITIONS);
		// Eight consumers per color for six partitions: two of each color have none
		try (FleetInstances fleet = fleet(topic, "test.concurrency=4"); Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			fleet.start("blue-2", "blue");
			fleet.start("green-1", "green");
			fleet.start("green-2", "green");
			fleet.awaitBalanced("blue", PARTITIONS);
			fleet.awaitBalanced("green", PARTITIONS);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);

			assertThat(fleet.service("green-1").switchTo("green").outcome()).isEqualTo(SwitchOutcome.COMPLETED);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > 50);
			assertThat(fleet.service("blue-2").switchTo("blue").outcome()).isEqualTo(SwitchOutcome.COMPLETED);
			long blue = fleet.processedBy("blue");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > blue + 50);
			stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
			assertThat(fleet.colorChanges()).isEqualTo(2);
		}
	}

	@Test
	void pausedColorKeepsItsGroupInStepWithTheActiveColor() throws Exception {
		String topic = EmbeddedBroker.createTopic("warm", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			startTwoPerColor(fleet);
			load.send(600);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 600);
			// Lag tooling sees the paused color's real lag: zero, like the active color
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> assertThat(EmbeddedBroker.committed(fleet.group() + "-green"))
					.isEqualTo(EmbeddedBroker.committed(fleet.group() + "-blue"))
					.containsAllEntriesOf(load.endOffsets()));
			assertThat(fleet.processedBy("green")).isZero();
		}
	}

	@Test
	void switchWaitsForAnInstanceThatStillHoldsPartitionsAndAbortsWhenItNeverConfirms() throws Exception {
		String topic = EmbeddedBroker.createTopic("zombie", PARTITIONS);
		try (FleetInstances fleet = fleet(topic, "bluegreen.fleet.switch-timeout=4s");
				Load load = new Load(topic, PARTITIONS)) {
			startTwoPerColor(fleet);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);
			// blue-2 stops answering: it reads and writes no control record, but its
			// consumers stay in the group
			fleet.get("blue-2").getBean(KafkaControlLog.class).stop();

			SwitchResult result = fleet.service("green-1").switchTo("green");

			assertThat(result.outcome()).isEqualTo(SwitchOutcome.ABORTED);
			assertThat(result.reason()).contains("did not confirm its pause");
			assertThat(result.unanswered()).anySatisfy((unanswered) -> assertThat(unanswered).startsWith("member ")
				.contains(" of group " + fleet.group() + "-blue of instance blue-2"));
			assertThat(fleet.service("green-1").status().active()).isEqualTo("blue");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.state("blue-1") == LifecycleState.ACTIVE);
			long blueBefore = fleet.processedBy("blue");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > blueBefore + 50);
			stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
			assertThat(fleet.processedBy("green")).isZero();
		}
	}

	@Test
	void switchCompletesWhenAnOldColorInstanceStopsDuringTheDrain() throws Exception {
		String topic = EmbeddedBroker.createTopic("leaving", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			startTwoPerColor(fleet);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);
			Gate gate = fleet.get("blue-1").getBean(Gate.class);
			gate.close();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> gate.waiting() > 0);

			CompletableFuture<SwitchResult> result = CompletableFuture
				.supplyAsync(() -> fleet.service("green-1").switchTo("green"));
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("green-1").status().switchInProgress() != null);
			fleet.stop("blue-2");
			gate.open();

			assertThat(result.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(SwitchOutcome.COMPLETED);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > 50);
			stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
			assertThat(fleet.colorChanges()).isEqualTo(1);
		}
	}

	@Test
	void switchWaitsUntilAnOldColorInstanceKilledMidDrainLeavesItsGroup() throws Exception {
		// The consumer protocol takes the session timeout from the broker (45 s at least)
		assumeTrue("classic".equals(this.protocol), "client session.timeout.ms needs the classic protocol");
		String topic = EmbeddedBroker.createTopic("killed", PARTITIONS);
		try (FleetInstances fleet = fleet(topic, "spring.kafka.consumer.properties.session.timeout.ms=6000",
				"spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
				Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			// Its listener hangs on its 100th record, so
			// its drain cannot finish before the kill
			fleet.startProcess("blue-2", "blue", "test.concurrency=1", "test.gate.close-after=100",
					"spring.kafka.bootstrap-servers=" + EmbeddedBroker.bootstrapServers());
			fleet.start("green-1", "green");
			fleet.start("green-2", "green", "test.concurrency=1");
			fleet.awaitBalanced("green", PARTITIONS);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.assigned("blue-1") < PARTITIONS && fleet.service("blue-1")
					.status()
					.instances()
					.stream()
					.anyMatch((report) -> report.instanceId().equals("blue-2")));
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.processed().stream().filter((r) -> r.instanceId().equals("blue-2")).count() == 99);

			CompletableFuture<SwitchResult> result = CompletableFuture
				.supplyAsync(() -> fleet.service("green-1").switchTo("green"));
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("green-1").status().switchInProgress() != null);
			fleet.kill("blue-2");

			SwitchResult switched = result.get(60, TimeUnit.SECONDS);
			assertThat(switched.outcome()).as(switched.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			assertThat(switched.pausedAfter()).as("waited for the killed member to leave its group")
				.isGreaterThan(Duration.ofSeconds(3));
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > 100);
			load.stop();
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> fleet.assertNothingLostAndNoOverlap(load.endOffsets(), "blue-2"));
		}
	}

	@Test
	void switchWhoseCoordinatorDiesIsAbortedAtItsDeadlineAndTheOldColorResumes() throws Exception {
		String topic = EmbeddedBroker.createTopic("coordinator", PARTITIONS);
		try (FleetInstances fleet = fleet(topic, "bluegreen.fleet.switch-timeout=4s");
				Load load = new Load(topic, PARTITIONS)) {
			startTwoPerColor(fleet);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);
			List<Gate> gates = List.of(fleet.get("blue-1").getBean(Gate.class),
					fleet.get("blue-2").getBean(Gate.class));
			gates.forEach(Gate::close);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> gates.stream().allMatch((gate) -> gate.waiting() > 0));

			FleetService coordinator = fleet.service("green-2");
			CompletableFuture.runAsync(() -> coordinator.switchTo("green"));
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("green-1").status().switchInProgress() != null);
			fleet.stop("green-2");
			gates.forEach(Gate::open);

			await().atMost(EmbeddedBroker.waitCeiling()).untilAsserted(() -> {
				FleetStatus status = fleet.service("green-1").status();
				assertThat(status.switchInProgress()).isNull();
				assertThat(status.lastSwitch().outcome()).isEqualTo(SwitchOutcome.ABORTED);
				assertThat(status.lastSwitch().reason()).contains("did not end the switch before its deadline");
				assertThat(status.active()).isEqualTo("blue");
			});
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.state("blue-1") == LifecycleState.ACTIVE
						&& fleet.state("blue-2") == LifecycleState.ACTIVE);
			long blueBefore = fleet.processedBy("blue");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > blueBefore + 50);
			stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
			assertThat(fleet.processedBy("green")).isZero();
			assertThat(fleet.state("green-1")).isEqualTo(LifecycleState.PAUSED);
		}
	}

	@Test
	void instancesStartedDuringASwitchFollowItAndARestartedPausedInstanceStaysPaused() throws Exception {
		String topic = EmbeddedBroker.createTopic("joining", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			startTwoPerColor(fleet);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);

			fleet.stop("green-1");
			fleet.start("green-1", "green");
			assertThat(fleet.state("green-1")).isEqualTo(LifecycleState.PAUSED);

			Gate gate = fleet.get("blue-1").getBean(Gate.class);
			gate.close();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> gate.waiting() > 0);
			CompletableFuture<SwitchResult> result = CompletableFuture
				.supplyAsync(() -> fleet.service("blue-2").switchTo("green"));
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("green-1").status().switchInProgress() != null);
			// A blue instance that starts now, with
			// initial-state ACTIVE, obeys the switch
			fleet.start("blue-3", "blue", "test.concurrency=1");
			fleet.start("green-3", "green", "test.concurrency=1");
			assertThat(fleet.state("blue-3")).isEqualTo(LifecycleState.PAUSED);
			gate.open();

			assertThat(result.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(SwitchOutcome.COMPLETED);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.state("green-3") == LifecycleState.ACTIVE && fleet.assigned("green-3") > 0);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > 50);
			assertThat(fleet.state("blue-3")).isEqualTo(LifecycleState.PAUSED);
			stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
			assertThat(fleet.colorChanges()).isEqualTo(1);
		}
	}

	@Test
	void desiredStateSurvivesARestartOfEveryInstance() throws Exception {
		String topic = EmbeddedBroker.createTopic("restart", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			startTwoPerColor(fleet);
			load.send(300);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 300);
			assertThat(fleet.service("blue-1").switchTo("green").outcome()).isEqualTo(SwitchOutcome.COMPLETED);
			load.send(300);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") == 300);

			fleet.close();
			load.send(300);
			// blue still says initial-state ACTIVE: the recorded state wins
			startTwoPerColor(fleet, "green");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") == 600);
			assertThat(fleet.processedBy("blue")).isEqualTo(300);
			assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
			fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets());
		}
	}

	private FleetInstances fleet(String topic, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.kafka.consumer.properties.group.protocol=" + this.protocol));
		all.addAll(List.of(properties));
		return new FleetInstances(topic, all.toArray(String[]::new));
	}

	static void stopAndAssertEveryRecordProcessedOnceInOrder(FleetInstances fleet, Load load) throws Exception {
		load.stop();
		await().atMost(EmbeddedBroker.waitCeiling())
			.untilAsserted(() -> fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets()));
	}

	static void startTwoPerColor(FleetInstances fleet) {
		startTwoPerColor(fleet, "blue");
	}

	static void startTwoPerColor(FleetInstances fleet, String active) {
		fleet.start("blue-1", "blue");
		fleet.start("blue-2", "blue", "test.concurrency=1");
		fleet.start("green-1", "green");
		fleet.start("green-2", "green", "test.concurrency=1");
		fleet.awaitBalanced("blue", PARTITIONS);
		fleet.awaitBalanced("green", PARTITIONS);
		String paused = active.equals("blue") ? "green" : "blue";
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> fleet.state(active + "-1") == LifecycleState.ACTIVE
					&& fleet.state(paused + "-1") == LifecycleState.PAUSED
					&& fleet.state(paused + "-2") == LifecycleState.PAUSED);
	}

}
