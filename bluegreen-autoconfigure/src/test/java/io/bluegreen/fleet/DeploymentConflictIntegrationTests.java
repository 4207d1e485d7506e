package io.bluegreen.fleet;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Two applications with one deployment name: the second is refused at startup with a
 * message naming both, and the first keeps consuming. Before, they became one fleet, and
 * a switch handed one application's partitions over to groups nobody consumed.
 */
class DeploymentConflictIntegrationTests {

	private static final int PARTITIONS = 2;

	@Test
	void anApplicationWhoseGroupsShareNoneWithTheLiveFleetIsRefused() throws Exception {
		String topic = EmbeddedBroker.createTopic("conflict", PARTITIONS);
		try (FleetInstances fleet = new FleetInstances(topic); Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.state("blue-1") == LifecycleState.ACTIVE);
			load.send(50);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 50);

			String otherGroup = EmbeddedBroker.uniqueName("invoices");
			assertThatException()
				.isThrownBy(() -> OrdersTestApplication.start(WebApplicationType.NONE, "test.topic=" + topic,
						"spring.kafka.bootstrap-servers=" + EmbeddedBroker.bootstrapServers(),
						"spring.kafka.consumer.group-id=" + otherGroup, "bluegreen.color=green",
						"bluegreen.fleet.enabled=true", "bluegreen.fleet.deployment=" + fleet.deployment(),
						"bluegreen.fleet.instance-id=invoices-1",
						"bluegreen.fleet.control-topic=" + fleet.controlTopic(),
						"bluegreen.fleet.control-topic-replication-factor=1",
						"bluegreen.fleet.control-topic-min-insync-replicas=1", "bluegreen.initial-state=PAUSED"))
				.havingRootCause()
				.isInstanceOf(DeploymentGuard.DeploymentConflictException.class)
				.withMessageContaining("Instance 'invoices-1' with consumer groups [" + otherGroup + "]")
				.withMessageContaining("live instance 'blue-1' has consumer groups [" + fleet.group() + "]");

			load.send(50);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 100);
			assertThat(fleet.service("blue-1").status().instances()).extracting(InstanceReport::instanceId)
				.isEqualTo(List.of("blue-1"));
			// An instance of the same application still joins
			fleet.start("green-1", "green");
			assertThat(fleet.state("green-1")).isEqualTo(LifecycleState.PAUSED);
			load.stop();
			fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets());
		}
	}

}
