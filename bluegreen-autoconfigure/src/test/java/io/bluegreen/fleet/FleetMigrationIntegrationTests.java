package io.bluegreen.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import io.bluegreen.test.RecordLog;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Turning fleet coordination on, and renaming a listener's group in a release: the new
 * color groups continue where the application was, whatever {@code auto.offset.reset}
 * says. Regression tests of the color groups that started at {@code auto.offset.reset}:
 * with {@code latest} every record produced while the application was stopped was
 * skipped, with {@code earliest} every record it had processed was processed again.
 * <p>
 * Each test has its own topic, groups, deployment and control topic, and the tests run at
 * the same time: most of their time is spent waiting for rebalances and commits.
 */
@ParameterizedClass(name = "group.protocol={0}")
@ValueSource(strings = { "classic", "consumer" })
@Execution(ExecutionMode.CONCURRENT)
class FleetMigrationIntegrationTests {

	private static final int PARTITIONS = 3;

	@Parameter
	String protocol;

	@ParameterizedTest(name = "auto.offset.reset={0}")
	@ValueSource(strings = { "latest", "earliest" })
	void turningFleetModeOnContinuesWhereTheApplicationWas(String reset) throws Exception {
		String topic = EmbeddedBroker.createTopic("migration", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			load.send(300);
			ConfigurableApplicationContext plain = OrdersTestApplication.start(WebApplicationType.NONE,
					"test.topic=" + topic, "spring.kafka.consumer.group-id=" + fleet.group(),
					"spring.kafka.consumer.properties.group.protocol=" + this.protocol);
			RecordLog plainLog = plain.getBean(RecordLog.class);
			Map<TopicPartition, Long> stopped = load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> EmbeddedBroker.committed(fleet.group()).equals(stopped));
			plain.close();
			assertThat(plainLog.all()).hasSize(300);
			load.send(500);
			Map<TopicPartition, Long> restarted = load.endOffsets();

			fleet.start("blue-1", "blue", "spring.kafka.consumer.auto-offset-reset=" + reset);
			fleet.start("green-1", "green", "spring.kafka.consumer.auto-offset-reset=" + reset);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> EmbeddedBroker.committed(fleet.group() + "-blue").equals(restarted));
			fleet.awaitReady(PARTITIONS);
			SwitchResult switched = fleet.service("green-1").switchTo("green");
			assertThat(switched.outcome()).as(switched.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			load.send(100);
			Map<TopicPartition, Long> end = load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> EmbeddedBroker.committed(fleet.group() + "-green").equals(end));

			assertThat(processed(fleet, "blue")).as("records processed by blue after fleet mode was turned on")
				.isEqualTo(range(stopped, restarted));
			assertThat(processed(fleet, "green")).as("records processed by green after the switch")
				.isEqualTo(range(restarted, end));
		}
	}

	@ParameterizedTest(name = "auto.offset.reset={0}")
	@ValueSource(strings = { "latest", "earliest" })
	void aGroupRenamedInAReleaseContinuesWhereThePreviousGroupWas(String reset) throws Exception {
		String topic = EmbeddedBroker.createTopic("renamed", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			fleet.awaitBalanced("blue", PARTITIONS);
			load.send(300);
			Map<TopicPartition, Long> stopped = load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> EmbeddedBroker.committed(fleet.group() + "-blue").equals(stopped));
			fleet.stop("blue-1");
			load.send(500);
			Map<TopicPartition, Long> restarted = load.endOffsets();

			String renamed = fleet.group() + "-v2";
			fleet.start("blue-2", "blue", "spring.kafka.consumer.group-id=" + renamed,
					"bluegreen.fleet.previous-group-ids." + renamed + "=" + fleet.group(),
					"spring.kafka.consumer.auto-offset-reset=" + reset);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> EmbeddedBroker.committed(renamed + "-blue").equals(restarted));

			assertThat(processed(fleet, "blue-2")).as("records processed in the renamed group")
				.isEqualTo(range(stopped, restarted));
		}
	}

	/**
	 * Regression test of the handover that paired groups by the configured group id only:
	 * after a release renamed the group, the switch copied the old color's offsets to a
	 * group nobody uses and the new color resumed where it was seeded, processing again
	 * every record the old color had processed since.
	 */
	@Test
	void aSwitchToAReleaseThatRenamedTheGroupHandsOverTheOffsetsOfThePreviousGroup() throws Exception {
		String topic = EmbeddedBroker.createTopic("renamed-switch", PARTITIONS);
		try (FleetInstances fleet = fleet(topic); Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			fleet.awaitBalanced("blue", PARTITIONS);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);

			String renamed = fleet.group() + "-v2";
			fleet.start("green-1", "green", "spring.kafka.consumer.group-id=" + renamed,
					"bluegreen.fleet.previous-group-ids." + renamed + "=" + fleet.group());
			fleet.awaitReady(PARTITIONS);
			long before = fleet.processedBy("blue");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > before + 100);
			SwitchResult switched = fleet.service("blue-1").switchTo("green");
			assertThat(switched.outcome()).as(switched.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > 50);
			load.stop();
			Map<TopicPartition, Long> end = load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> EmbeddedBroker.committed(renamed + "-green").equals(end));

			assertThat(processed(fleet, "green")).as("records processed by green").isNotEmpty();
			fleet.assertEveryRecordProcessedOnceInOrder(end);
		}
	}

	private FleetInstances fleet(String topic) {
		return new FleetInstances(topic, "spring.kafka.consumer.properties.group.protocol=" + this.protocol);
	}

	/**
	 * Every partition and offset processed by a color or an instance, each processing
	 * once: a record processed twice shows as a size mismatch.
	 */
	private static List<String> processed(FleetInstances fleet, String colorOrInstance) {
		List<String> processed = new ArrayList<>();
		fleet.processed()
			.stream()
			.filter((record) -> record.color().equals(colorOrInstance) || record.instanceId().equals(colorOrInstance))
			.forEach((record) -> processed.add(record.partition() + "@" + record.offset()));
		processed.sort(null);
		return processed;
	}

	private static List<String> range(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
		Set<String> range = new TreeSet<>();
		Map<TopicPartition, Long> start = new HashMap<>(from);
		to.forEach((partition, end) -> {
			for (long offset = start.getOrDefault(partition, 0L); offset < end; offset++) {
				range.add(partition + "@" + offset);
			}
		});
		List<String> sorted = new ArrayList<>(range);
		sorted.sort(null);
		return sorted;
	}

}
