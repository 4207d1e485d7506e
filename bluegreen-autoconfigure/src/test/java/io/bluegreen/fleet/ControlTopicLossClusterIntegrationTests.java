package io.bluegreen.fleet;

import java.time.Duration;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.KafkaCluster;
import io.bluegreen.test.Load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control topic deleted under a running fleet on a three-node cluster that never
 * creates topics on its own ({@code auto.create.topics.enable=false}): the running
 * instances create it again, compacted and replicated as at startup, and write their
 * state into it; a blue instance restarted with {@code initial-state=ACTIVE} follows
 * green. Before, the restarted instance created the topic, found no state and claimed
 * blue.
 */
class ControlTopicLossClusterIntegrationTests {

	private static final int PARTITIONS = 3;

	private static final Duration CEILING = Duration.ofSeconds(90);

	@Test
	void runningInstancesCreateTheDeletedTopicAgainWithTheirState() throws Exception {
		KafkaCluster cluster = KafkaCluster.shared();
		String topic = cluster.createTopic("lost", PARTITIONS);
		try (FleetInstances fleet = FleetInstances.onCluster(cluster, topic);
				Load load = new Load(cluster, topic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			fleet.start("green-1", "green");
			await().atMost(CEILING).until(() -> fleet.service("blue-1").status().instances().size() == 2);
			load.send(90);
			await().atMost(CEILING).until(() -> fleet.processedBy("blue") == 90);
			SwitchResult toGreen = fleet.service("green-1").switchTo("green");
			assertThat(toGreen.outcome()).as(toGreen.toString()).isEqualTo(SwitchOutcome.COMPLETED);

			try (Admin admin = cluster.admin()) {
				ControlTopicLossIntegrationTests.deleteTopic(admin, fleet.controlTopic());
				await().atMost(CEILING)
					.pollInterval(Duration.ofMillis(500))
					.until(() -> ControlTopicLossIntegrationTests.decidedActive(fleet, cluster.bootstrapServers())
						.contains("green"));
				assertThat(ControlTopicLossIntegrationTests.decidedActive(fleet, cluster.bootstrapServers()))
					.containsOnly("green");
				assertThat(ControlTopicLossIntegrationTests.cleanupPolicy(admin, fleet.controlTopic()))
					.isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
			}

			fleet.stop("blue-1");
			fleet.start("blue-1", "blue");
			assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
			load.send(90);
			await().atMost(CEILING).until(() -> fleet.processedBy("green") == 90);
			await().atMost(CEILING).until(() -> fleet.service("blue-1").status().instances().size() == 2);
			SwitchResult toBlue = fleet.service("blue-1").switchTo("blue");
			assertThat(toBlue.outcome()).as(toBlue.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			load.send(90);
			await().atMost(CEILING).until(() -> fleet.processedBy("blue") == 180);
			load.stop();
			fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets());
			assertThat(fleet.colorChanges()).isEqualTo(2);
		}
	}

}
