package io.bluegreen.kafka.consumer;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Static members ({@code group.instance.id}) of the old color, one of which stops cleanly
 * before a switch. A static member does not leave its group when it closes, unless told
 * to: before bluegreen told it, the stopped instance stayed a member of its group for
 * {@code session.timeout.ms} (45 s by default) and the switch aborted with its members
 * named as unanswered. At a listener concurrency above one, Spring Kafka suffixes the
 * {@code group.instance.id} of each child container's consumer ({@code -1}, {@code -2}).
 */
class StaticMembershipIntegrationTests {

	private static final int PARTITIONS = 4;

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void aCleanlyStoppedStaticMemberLeavesItsGroupSoASwitchCompletes(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("static", PARTITIONS);
		try (FleetInstances fleet = new FleetInstances(topic, "bluegreen.fleet.switch-timeout=15s",
				"spring.kafka.consumer.properties.group.protocol=" + protocol, "test.concurrency=1");
				Load load = new Load(topic, PARTITIONS)) {
			for (String id : new String[] { "blue-1", "blue-2", "green-1", "green-2" }) {
				fleet.start(id, id.substring(0, id.indexOf('-')),
						"spring.kafka.consumer.properties.group.instance.id=" + id);
			}
			fleet.awaitBalanced("blue", PARTITIONS);
			fleet.awaitBalanced("green", PARTITIONS);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.state("blue-1") == LifecycleState.ACTIVE
						&& fleet.state("green-1") == LifecycleState.PAUSED
						&& fleet.state("green-2") == LifecycleState.PAUSED);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);

			fleet.stop("blue-2");
			SwitchResult result = fleet.service("green-1").switchTo("green");

			assertThat(result.outcome()).as(result.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > 50);
			load.stop();
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets()));
			assertThat(fleet.colorChanges()).isEqualTo(1);
		}
	}

	@ParameterizedTest(name = "group.protocol={0}, stopped through the {1}")
	@CsvSource({ "classic,context", "consumer,context", "classic,container", "consumer,container" })
	void cleanlyStoppedStaticMembersOfAListenerOfConcurrencyTwoLeaveTheirGroupSoASwitchCompletes(String protocol,
			String stoppedThrough) throws Exception {
		String topic = EmbeddedBroker.createTopic("static-concurrent", PARTITIONS * 2);
		try (FleetInstances fleet = new FleetInstances(topic, "bluegreen.fleet.switch-timeout=15s",
				"spring.kafka.consumer.properties.group.protocol=" + protocol, "test.concurrency=2");
				Load load = new Load(topic, PARTITIONS * 2)) {
			for (String id : new String[] { "blue-1", "blue-2", "green-1", "green-2" }) {
				fleet.start(id, id.substring(0, id.indexOf('-')),
						"spring.kafka.consumer.properties.group.instance.id=" + id);
			}
			fleet.awaitBalanced("blue", PARTITIONS * 2);
			fleet.awaitBalanced("green", PARTITIONS * 2);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.state("blue-1") == LifecycleState.ACTIVE
						&& fleet.state("green-1") == LifecycleState.PAUSED
						&& fleet.state("green-2") == LifecycleState.PAUSED);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);

			if (stoppedThrough.equals("context")) {
				fleet.stop("blue-2");
			}
			else {
				fleet.get("blue-2").getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").stop();
			}
			SwitchResult result = fleet.service("green-1").switchTo("green");

			assertThat(result.outcome()).as(result.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			long before = fleet.processedBy("green");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > before + 50);
			load.stop();
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets()));
			assertThat(fleet.colorChanges()).isEqualTo(1);
		}
	}

	/**
	 * The setup as an operator meets it: the stopped instance runs in a JVM of
	 * its own, at listener concurrency 2, and stops on {@code SIGTERM}, as a pod does, so
	 * the JVM exits once its shutdown hook returned. Its consumers must have left their
	 * group by then: the switch gives up long before their session (45 s) would expire.
	 */
	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void staticMembersOfAProcessStoppedWithSigtermLeaveTheirGroupSoASwitchCompletes(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("static-sigterm", PARTITIONS * 2);
		try (FleetInstances fleet = new FleetInstances(topic, "bluegreen.fleet.switch-timeout=15s",
				"spring.kafka.consumer.properties.group.protocol=" + protocol, "test.concurrency=2");
				Load load = new Load(topic, PARTITIONS * 2)) {
			fleet.start("blue-1", "blue", "spring.kafka.consumer.properties.group.instance.id=blue-1");
			fleet.startProcess("blue-2", "blue", "spring.kafka.consumer.properties.group.instance.id=blue-2",
					"logging.level.io.bluegreen.kafka.consumer=DEBUG",
					"spring.kafka.bootstrap-servers=" + EmbeddedBroker.bootstrapServers());
			for (String id : new String[] { "green-1", "green-2" }) {
				fleet.start(id, "green", "spring.kafka.consumer.properties.group.instance.id=" + id);
			}
			fleet.awaitLive("blue-2");
			fleet.awaitBalanced("green", PARTITIONS * 2);
			String blueGroup = fleet.group() + "-blue";
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> staticMembers(blueGroup).size() == 4 && fleet.assigned("blue-1") == PARTITIONS
						&& fleet.state("blue-1") == LifecycleState.ACTIVE
						&& fleet.state("green-1") == LifecycleState.PAUSED
						&& fleet.state("green-2") == LifecycleState.PAUSED);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> processedBy(fleet, "blue-2") > 50);

			fleet.terminate("blue-2");
			assertThat(staticMembers(blueGroup)).as("static members of %s once blue-2 exited", blueGroup)
				.containsExactlyInAnyOrder("blue-1-0", "blue-1-1");
			SwitchResult result = fleet.service("green-1").switchTo("green");

			assertThat(result.outcome()).as(result.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			long before = fleet.processedBy("green");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > before + 50);
			load.stop();
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets()));
			assertThat(fleet.colorChanges()).isEqualTo(1);
		}
	}

	private static long processedBy(FleetInstances fleet, String instanceId) {
		return fleet.processed().stream().filter((record) -> record.instanceId().equals(instanceId)).count();
	}

	/**
	 * Return the {@code group.instance.id} of every member of a group, as its coordinator
	 * describes it.
	 */
	private static List<String> staticMembers(String group) throws Exception {
		try (Admin admin = EmbeddedBroker.admin()) {
			return admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get(30, TimeUnit.SECONDS)
				.members()
				.stream()
				.map((member) -> member.groupInstanceId().orElse("dynamic " + member.consumerId()))
				.toList();
		}
	}

}
