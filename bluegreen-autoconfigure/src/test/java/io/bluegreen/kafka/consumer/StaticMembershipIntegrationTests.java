package io.bluegreen.kafka.consumer;

import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
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

}
