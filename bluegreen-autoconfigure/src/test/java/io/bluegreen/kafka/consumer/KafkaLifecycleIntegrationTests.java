package io.bluegreen.kafka.consumer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.bluegreen.lifecycle.DrainOutcome;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.lifecycle.TransitionResult.Outcome;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Gate;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import io.bluegreen.test.OrdersTestApplication.UserHooks;
import io.bluegreen.test.RecordLog;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lifecycle behaviour against a real embedded KRaft broker, proven by accounting for
 * every record: which partition and offset each listener processed, and what the group
 * committed.
 * <p>
 * Each test has its own topic and group, and the tests run at the same time: most of
 * their time is spent waiting for rebalances and drains. The one that counts the requests
 * of every admin client of the JVM runs alone.
 */
@Execution(ExecutionMode.CONCURRENT)
class KafkaLifecycleIntegrationTests {

	/**
	 * The metrics of every admin client of the JVM, which one test reads and every other
	 * test's application moves.
	 */
	private static final String ADMIN_CLIENT_METRICS = "admin client metrics of the JVM";

	private static final int PARTITIONS = 4;

	private static final String CONSUMER_PROTOCOL = "spring.kafka.consumer.properties.group.protocol=consumer";

	@ParameterizedTest(name = "group.protocol={0}")
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	@ValueSource(strings = { "classic", "consumer" })
	void startPausedWithBacklogDeliversNothingThroughStartupAndFirstRebalance(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("backlog", PARTITIONS);
		String group = EmbeddedBroker.uniqueName("orders");
		try (Load load = new Load(topic, PARTITIONS)) {
			load.send(200);
		}
		try (ConfigurableApplicationContext app = start(topic, group, "bluegreen.initial-state=PAUSED",
				"spring.kafka.consumer.properties.group.protocol=" + protocol)) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			assertThat(lifecycle.getState()).isEqualTo(LifecycleState.PAUSED);
			OrdersTestApplication.awaitBalanced(app, PARTITIONS);
			assertNothingProcessedFor(app, Duration.ofSeconds(2));
			assertThat(lifecycle.status().listeners()).singleElement().satisfies((listener) -> {
				assertThat(listener.state()).isEqualTo(LifecycleState.PAUSED);
				assertThat(listener.consumerPaused()).isTrue();
				assertThat(listener.pausedPartitions()).hasSize(PARTITIONS);
			});
			assertThat(EmbeddedBroker.committed(group)).allSatisfy((partition, offset) -> assertThat(offset).isZero());

			resumeAndAssertEveryRecordProcessedOnceInOrder(app, 200);
		}
	}

	@Test
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ_WRITE)
	void theStatusOfAPausedInstanceAsksTheBrokerNothing() throws Exception {
		String topic = EmbeddedBroker.createTopic("status", PARTITIONS);
		try (ConfigurableApplicationContext app = start(topic, EmbeddedBroker.uniqueName("orders"),
				"bluegreen.initial-state=PAUSED")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			OrdersTestApplication.awaitBalanced(app, PARTITIONS);
			// The drain of this assignment is proven once, with the broker
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> lifecycle.status().listeners().get(0).state() == LifecycleState.PAUSED);
			double before = adminRequests();

			for (int i = 0; i < 20; i++) {
				assertThat(lifecycle.status().listeners()).singleElement()
					.satisfies((listener) -> assertThat(listener.state()).isEqualTo(LifecycleState.PAUSED));
			}

			assertThat(adminRequests() - before).as("requests of the instance's admin client").isZero();
		}
	}

	/**
	 * Return the requests every admin client of this JVM sent, from the clients' own
	 * metrics.
	 */
	private static double adminRequests() throws Exception {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		double total = 0;
		for (ObjectName name : server.queryNames(new ObjectName("kafka.admin.client:type=admin-client-metrics,*"),
				null)) {
			total += ((Number) server.getAttribute(name, "request-total")).doubleValue();
		}
		return total;
	}

	@Test
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	void startPausedFromTheInitialStateAliasOfTheOriginalDesign() {
		String topic = EmbeddedBroker.createTopic("alias", PARTITIONS);
		try (ConfigurableApplicationContext app = start(topic, EmbeddedBroker.uniqueName("orders"),
				"INITIAL_STATE=paused")) {
			assertThat(app.getBean(LifecycleService.class).getState()).isEqualTo(LifecycleState.PAUSED);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	@MethodSource("assignors")
	void pauseSurvivesMembersJoiningAndLeaving(String assignor) throws Exception {
		assertPauseSurvivesMembersJoiningAndLeaving(assignor, false);
	}

	/**
	 * A partition that a rebalance moves to another consumer of the same container, or to
	 * a consumer of another instance, must stay paused.
	 */
	@ParameterizedTest(name = "{0}")
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	@MethodSource("assignors")
	void pauseOfARunningApplicationSurvivesMembersJoiningAndLeaving(String assignor) throws Exception {
		assertPauseSurvivesMembersJoiningAndLeaving(assignor, true);
	}

	private void assertPauseSurvivesMembersJoiningAndLeaving(String assignor, boolean pauseWhileRunning)
			throws Exception {
		String topic = EmbeddedBroker.createTopic("rebalance", PARTITIONS);
		String group = EmbeddedBroker.uniqueName("orders");
		String assignorProperty = "spring.kafka.consumer.properties.partition.assignment.strategy=" + assignor;
		try (Load load = new Load(topic, PARTITIONS)) {
			if (!pauseWhileRunning) {
				load.send(100);
			}
			try (ConfigurableApplicationContext first = start(topic, group,
					"bluegreen.initial-state=" + (pauseWhileRunning ? "ACTIVE" : "PAUSED"), assignorProperty)) {
				OrdersTestApplication.awaitBalanced(first, PARTITIONS);
				if (pauseWhileRunning) {
					assertThat(
							first.getBean(LifecycleService.class).request(LifecycleState.PAUSED).get().status().state())
						.isEqualTo(LifecycleState.PAUSED);
					assertThat(first.getBean(LifecycleService.class).status().listeners()).singleElement()
						.satisfies((listener) -> {
							assertThat(listener.consumerPaused()).isTrue();
							assertThat(listener.pausedPartitions()).hasSize(PARTITIONS);
						});
					load.send(100);
				}
				int assignmentsBefore = first.getBean(UserHooks.class).assignments.get();
				try (ConfigurableApplicationContext second = start(topic, group, "bluegreen.initial-state=PAUSED",
						assignorProperty, "test.concurrency=1")) {
					load.send(100);
					await().atMost(EmbeddedBroker.waitCeiling())
						.until(() -> assigned(first) + assigned(second) == PARTITIONS && assigned(second) > 0);
					assertNothingProcessedFor(first, Duration.ofSeconds(1));
					assertThat(records(second).count()).isZero();
				}
				// The second member left: its partitions
				// come back to the first, still paused
				await().atMost(EmbeddedBroker.waitCeiling()).until(() -> assigned(first) == PARTITIONS);
				assertNothingProcessedFor(first, Duration.ofSeconds(1));
				assertThat(first.getBean(UserHooks.class).assignments.get())
					.as("the application's own rebalance listener still runs")
					.isGreaterThan(assignmentsBefore);
				assertThat(first.getBean(LifecycleService.class).getState()).isEqualTo(LifecycleState.PAUSED);
				if (!pauseWhileRunning) {
					assertThat(EmbeddedBroker.committed(group))
						.allSatisfy((partition, offset) -> assertThat(offset).isZero());
				}
			}
		}
	}

	static Stream<String> assignors() {
		return Stream.of("org.apache.kafka.clients.consumer.RangeAssignor",
				"org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
	}

	@ParameterizedTest(name = "{0}")
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	@MethodSource("listenerStyles")
	void pauseUnderLoadCommitsExactlyWhatWasProcessedAndResumeContinuesFromThere(String name, String[] properties)
			throws Exception {
		String topic = EmbeddedBroker.createTopic("load", PARTITIONS);
		String group = EmbeddedBroker.uniqueName("orders");
		try (Load load = new Load(topic, PARTITIONS);
				ConfigurableApplicationContext app = start(topic, group, properties)) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			if (List.of(properties).contains(CONSUMER_PROTOCOL)) {
				// A commit during the group's first reconciliation can fail with a stale
				// member epoch, and the container then delivers the record again: Kafka's
				// at-least-once, before any pause, which this test is not about
				OrdersTestApplication.awaitBalanced(app, PARTITIONS);
			}
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records(app).count() > 100);

			TransitionResult paused = lifecycle.request(LifecycleState.PAUSED).get();

			assertThat(paused.outcome()).isEqualTo(Outcome.COMPLETED);
			assertThat(paused.status().state()).isEqualTo(LifecycleState.PAUSED);
			Map<TopicPartition, Long> processedAtPause = records(app).nextOffsets();
			assertThat(EmbeddedBroker.committed(group)).as("committed offsets when PAUSED is reported")
				.containsAllEntriesOf(processedAtPause);
			int countAtPause = records(app).count();
			assertNothingProcessedFor(app, Duration.ofSeconds(1), countAtPause);

			resume(app);
			load.stop();
			Map<TopicPartition, Long> end = load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records(app).nextOffsets().equals(end));
			assertExactlyOnceInOrder(records(app));
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> EmbeddedBroker.committed(group).equals(end));
		}
	}

	static Stream<Arguments> listenerStyles() {
		return Stream.of(Arguments.of("record listener, ack mode BATCH", new String[] { "test.style=record" }),
				Arguments.of("record listener, ack mode RECORD",
						new String[] { "test.style=record", "spring.kafka.listener.ack-mode=record" }),
				Arguments.of("batch listener", new String[] { "test.style=batch" }),
				Arguments.of("manual ack",
						new String[] { "test.style=manual", "spring.kafka.listener.ack-mode=manual" }),
				Arguments.of("manual immediate ack",
						new String[] { "test.style=manual", "spring.kafka.listener.ack-mode=manual_immediate" }),
				Arguments.of("more consumers than partitions", new String[] { "test.concurrency=6" }),
				Arguments.of("batch listener, more consumers than partitions",
						new String[] { "test.style=batch", "test.concurrency=6" }),
				Arguments.of("record listener, group protocol consumer",
						new String[] { "test.style=record", CONSUMER_PROTOCOL }),
				Arguments.of("manual immediate ack, group protocol consumer",
						new String[] { "test.style=manual", "spring.kafka.listener.ack-mode=manual_immediate",
								CONSUMER_PROTOCOL }),
				Arguments.of("batch listener, more consumers than partitions, group protocol consumer",
						new String[] { "test.style=batch", "test.concurrency=6", CONSUMER_PROTOCOL }));
	}

	@Test
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	void drainThatExceedsTheTimeoutIsReportedWithTheStuckListenerAndCompletesLater() throws Exception {
		String topic = EmbeddedBroker.createTopic("stuck", PARTITIONS);
		try (Load load = new Load(topic, PARTITIONS);
				ConfigurableApplicationContext app = start(topic, EmbeddedBroker.uniqueName("orders"),
						"bluegreen.drain-timeout=1s")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			Gate gate = app.getBean(Gate.class);
			OrdersTestApplication.awaitBalanced(app, PARTITIONS);
			gate.close();
			load.send(8);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> gate.waiting() > 0);

			TransitionResult result = lifecycle.request(LifecycleState.PAUSED).get();

			assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
			assertThat(result.status().state()).isEqualTo(LifecycleState.DRAINING);
			assertThat(result.status().drain().outcome()).isEqualTo(DrainOutcome.TIMED_OUT);
			assertThat(result.status().listeners()).singleElement().satisfies((listener) -> {
				assertThat(listener.state()).isEqualTo(LifecycleState.DRAINING);
				assertThat(listener.pending()).anySatisfy((reason) -> assertThat(reason).contains("not paused yet"));
			});

			gate.open();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> lifecycle.getState() == LifecycleState.PAUSED);
			assertThat(lifecycle.status().drain().outcome()).isEqualTo(DrainOutcome.COMPLETED);
		}
	}

	@Test
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	void manualAckListenerIsNotDrainedUntilItAcknowledges() throws Exception {
		String topic = EmbeddedBroker.createTopic("unacked", PARTITIONS);
		String group = EmbeddedBroker.uniqueName("orders");
		try (Load load = new Load(topic, PARTITIONS);
				ConfigurableApplicationContext app = start(topic, group, "test.style=manual",
						"spring.kafka.listener.ack-mode=manual", "bluegreen.drain-timeout=1s")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			OrdersTestApplication.awaitBalanced(app, PARTITIONS);
			app.getBean(Gate.class).setAcknowledging(false);
			load.send(8);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records(app).count() == 8);

			TransitionResult result = lifecycle.request(LifecycleState.PAUSED).get();

			assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
			assertThat(result.status().listeners()).singleElement()
				.satisfies((listener) -> assertThat(listener.pending()).anySatisfy((reason) -> assertThat(reason)
					.contains("8 records handed to the listener not acknowledged yet")));
			assertThat(EmbeddedBroker.committed(group)).isEmpty();
		}
	}

	@Test
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	void cancelDrainByResuming() throws Exception {
		String topic = EmbeddedBroker.createTopic("cancel", PARTITIONS);
		try (Load load = new Load(topic, PARTITIONS);
				ConfigurableApplicationContext app = start(topic, EmbeddedBroker.uniqueName("orders"))) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			Gate gate = app.getBean(Gate.class);
			OrdersTestApplication.awaitBalanced(app, PARTITIONS);
			gate.close();
			load.send(8);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> gate.waiting() > 0);
			var pause = lifecycle.request(LifecycleState.PAUSED);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> lifecycle.getState() == LifecycleState.DRAINING);

			TransitionResult resumed = lifecycle.request(LifecycleState.ACTIVE).get();

			assertThat(resumed.outcome()).isEqualTo(Outcome.COMPLETED);
			assertThat(resumed.status().state()).isEqualTo(LifecycleState.ACTIVE);
			assertThat(pause.get().outcome()).isEqualTo(Outcome.CANCELLED);
			assertThat(lifecycle.status().drain().outcome()).isEqualTo(DrainOutcome.CANCELLED);
			gate.open();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records(app).count() == 8);
			assertExactlyOnceInOrder(records(app));
		}
	}

	@Test
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	void containerStartedLateComesUpPausedAndResumesWithTheApplication() throws Exception {
		String topic = EmbeddedBroker.createTopic("late", PARTITIONS);
		try (Load load = new Load(topic, PARTITIONS);
				ConfigurableApplicationContext app = start(topic, EmbeddedBroker.uniqueName("orders"),
						"test.auto-startup=false")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			load.send(40);
			assertThat(lifecycle.request(LifecycleState.PAUSED).get().outcome()).isEqualTo(Outcome.COMPLETED);

			app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").start();
			OrdersTestApplication.awaitBalanced(app, PARTITIONS);
			assertNothingProcessedFor(app, Duration.ofSeconds(1));
			assertThat(lifecycle.getState()).isEqualTo(LifecycleState.PAUSED);

			resumeAndAssertEveryRecordProcessedOnceInOrder(app, 40);
		}
	}

	@Test
	@ResourceLock(value = ADMIN_CLIENT_METRICS, mode = ResourceAccessMode.READ)
	void applicationCustomizerAndRebalanceListenerStayInPlace() {
		String topic = EmbeddedBroker.createTopic("hooks", PARTITIONS);
		try (ConfigurableApplicationContext app = start(topic, EmbeddedBroker.uniqueName("orders"))) {
			OrdersTestApplication.awaitBalanced(app, PARTITIONS);
			UserHooks hooks = app.getBean(UserHooks.class);
			assertThat(hooks.customized.get()).isEqualTo(1);
			// The container records an assignment before
			// it calls the application's listener
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> hooks.assignments.get() > 0);
		}
	}

	static ConfigurableApplicationContext start(String topic, String group, String... properties) {
		List<String> all = new ArrayList<>(List.of("test.topic=" + topic, "spring.kafka.consumer.group-id=" + group));
		all.addAll(List.of(properties));
		return OrdersTestApplication.start(WebApplicationType.NONE, all.toArray(String[]::new));
	}

	static RecordLog records(ConfigurableApplicationContext app) {
		return app.getBean(RecordLog.class);
	}

	static void resume(ConfigurableApplicationContext app) throws Exception {
		TransitionResult result = app.getBean(LifecycleService.class).request(LifecycleState.ACTIVE).get();
		assertThat(result.status().state()).isEqualTo(LifecycleState.ACTIVE);
	}

	static int assigned(ConfigurableApplicationContext app) {
		return app.getBean(LifecycleService.class)
			.status()
			.listeners()
			.stream()
			.mapToInt((listener) -> listener.assignedPartitions().size())
			.sum();
	}

	static void assertNothingProcessedFor(ConfigurableApplicationContext app, Duration duration) {
		assertNothingProcessedFor(app, duration, 0);
	}

	static void assertNothingProcessedFor(ConfigurableApplicationContext app, Duration duration, int expected) {
		await().during(duration).atMost(duration.plusSeconds(5)).until(() -> records(app).count() == expected);
	}

	/**
	 * Every partition was processed from offset 0, each offset once, in order.
	 */
	static void assertExactlyOnceInOrder(RecordLog log) {
		log.offsetsByPartition()
			.forEach((partition, offsets) -> assertThat(offsets).as("offsets processed on " + partition)
				.containsExactlyElementsOf(LongStream.range(0, offsets.size()).boxed().toList()));
	}

	static void resumeAndAssertEveryRecordProcessedOnceInOrder(ConfigurableApplicationContext app, int produced)
			throws Exception {
		resume(app);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records(app).count() == produced);
		assertExactlyOnceInOrder(records(app));
	}

}
