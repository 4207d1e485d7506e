package io.bluegreen.kafka.control;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bluegreen.autoconfigure.BlueGreenAutoConfiguration;
import io.bluegreen.autoconfigure.BlueGreenFleetAutoConfiguration;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control topic on a three-node cluster: created durable, and refused at startup when
 * it exists in a form that would lose or forget the desired state. A refused topic is
 * left as it was: nothing is written to it.
 */
class ControlTopicIntegrationTests {

	private static KafkaCluster cluster;

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(KafkaAutoConfiguration.class, BlueGreenAutoConfiguration.class, BlueGreenFleetAutoConfiguration.class));

	@BeforeAll
	static void startCluster() {
		cluster = KafkaCluster.shared();
	}

	@Test
	void createsTheControlTopicCompactedOnThreeReplicasWithTwoInSync() throws Exception {
		String topic = EmbeddedBroker.uniqueName("control");
		fleetInstance(topic).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LifecycleService.class).getState()).isEqualTo(LifecycleState.ACTIVE);
			assertThat(context.getBean(FleetService.class).status().active()).isEqualTo("blue");
		});
		try (Admin admin = cluster.admin()) {
			TopicDescription description = admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(topic);
			assertThat(description.partitions()).hasSize(1);
			assertThat(description.partitions().get(0).replicas()).hasSize(3);
			Config config = config(admin, topic);
			assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
			assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
		}
	}

	@Test
	void refusesATopicThatDeletesByTime() throws Exception {
		String topic = createByHand(3, Map.of("cleanup.policy", "delete", "min.insync.replicas", "2"));
		fleetInstance(topic).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(ControlTopic.InvalidControlTopicException.class)
			.hasMessageContaining("Control topic '" + topic + "' has cleanup.policy=delete")
			.hasMessageContaining("set cleanup.policy=compact"));
		assertUntouched(topic, "delete");
	}

	@Test
	void refusesATopicThatCompactsAndDeletesByTime() throws Exception {
		String topic = createByHand(3, Map.of("cleanup.policy", "compact,delete", "min.insync.replicas", "2"));
		fleetInstance(topic).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(ControlTopic.InvalidControlTopicException.class)
			.hasMessageContaining("Control topic '" + topic + "' has cleanup.policy=compact,delete")
			.hasMessageContaining("deletes records by time"));
		assertUntouched(topic, "compact,delete");
	}

	@Test
	void refusesATopicWithFewerReplicasThanAsked() throws Exception {
		String topic = createByHand(1, Map.of("cleanup.policy", "compact"));
		fleetInstance(topic).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(ControlTopic.InvalidControlTopicException.class)
			.hasMessageContaining("Control topic '" + topic + "' has replication factor 1, fewer than the 3 of "
					+ "bluegreen.fleet.control-topic-replication-factor"));
		assertUntouched(topic, "compact");
	}

	@Test
	void refusesATopicWithALowerMinInsyncReplicasThanAsked() throws Exception {
		String topic = createByHand(3, Map.of("cleanup.policy", "compact", "min.insync.replicas", "1"));
		fleetInstance(topic).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(ControlTopic.InvalidControlTopicException.class)
			.hasMessageContaining("Control topic '" + topic + "' has min.insync.replicas=1, fewer than the 2 of "
					+ "bluegreen.fleet.control-topic-min-insync-replicas"));
		assertUntouched(topic, "compact");
	}

	@Test
	void acceptsAWeakerTopicWhenTheConfigurationSaysSo() throws Exception {
		String topic = createByHand(1, Map.of("cleanup.policy", "compact"));
		fleetInstance(topic)
			.withPropertyValues("bluegreen.fleet.control-topic-replication-factor=1",
					"bluegreen.fleet.control-topic-min-insync-replicas=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(FleetService.class).status().active()).isEqualTo("blue");
			});
	}

	@Test
	void refusesToStartWhenTheClusterHasFewerBrokersThanTheReplicationAsked() {
		String topic = EmbeddedBroker.uniqueName("control");
		fleetInstance(topic)
			.withPropertyValues("bluegreen.fleet.control-topic-replication-factor=4",
					"bluegreen.fleet.startup-timeout=3s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(ControlTopic.InvalidControlTopicException.class)
				.hasMessageContaining("Could not create control topic '" + topic + "' with replication factor 4")
				.hasMessageContaining("bluegreen.fleet.control-topic-replication-factor"));
		try (Admin admin = cluster.admin()) {
			assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ApplicationContextRunner fleetInstance(String controlTopic) {
		return this.runner.withPropertyValues("bluegreen.fleet.enabled=true", "bluegreen.color=blue",
				"bluegreen.initial-state=ACTIVE",
				"bluegreen.fleet.deployment=" + EmbeddedBroker.uniqueName("deployment"),
				"bluegreen.fleet.instance-id=blue-1", "bluegreen.fleet.control-topic=" + controlTopic,
				"spring.kafka.bootstrap-servers=" + cluster.bootstrapServers());
	}

	private static String createByHand(int replicationFactor, Map<String, String> configs) throws Exception {
		String topic = EmbeddedBroker.uniqueName("control");
		try (Admin admin = cluster.admin()) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) replicationFactor).configs(configs)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		return topic;
	}

	/**
	 * Nothing was claimed on a refused topic and its configuration is as it was.
	 */
	private static void assertUntouched(String topic, String cleanupPolicy) throws Exception {
		try (Admin admin = cluster.admin()) {
			TopicPartition partition = new TopicPartition(topic, 0);
			long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
				.partitionResult(partition)
				.get(30, TimeUnit.SECONDS)
				.offset();
			assertThat(end).as("records written to " + topic).isZero();
			assertThat(config(admin, topic).get("cleanup.policy").value()).isEqualTo(cleanupPolicy);
		}
	}

	private static Config config(Admin admin, String topic) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
	}

}
