package io.bluegreen.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.bluegreen.kafka.control.ControlRecordCodec;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control topic deleted under a running fleet, on a broker that creates topics when
 * they are first used: the running instances write the state they hold into the topic
 * that comes back, and a blue instance restarted with {@code initial-state=ACTIVE} never
 * claims blue while green is active. Before, the restarted instance found no state and
 * claimed blue, and both colors' instances reported {@code ACTIVE}.
 */
class ControlTopicLossIntegrationTests {

	private static final int PARTITIONS = 4;

	@Test
	void runningInstancesWriteTheirStateIntoTheTopicThatComesBack() throws Exception {
		String topic = EmbeddedBroker.createTopic("lost", PARTITIONS);
		try (FleetInstances fleet = new FleetInstances(topic); Load load = new Load(topic, PARTITIONS)) {
			startAndSwitchToGreen(fleet, load);

			deleteTopic(fleet.controlTopic());
			await().atMost(EmbeddedBroker.waitCeiling())
				.pollInterval(Duration.ofMillis(500))
				.until(() -> decidedActive(fleet).contains("green"));
			assertThat(decidedActive(fleet)).as("colors decided in the new topic").containsOnly("green");
			assertThat(cleanupPolicy(fleet.controlTopic())).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);

			restartBlueAndSwitchBack(fleet, load);
		}
	}

	@Test
	void anInstanceStartedOnAnEmptyTopicWhileTheFleetRunsNeverClaimsItsColor() throws Exception {
		String topic = EmbeddedBroker.createTopic("replaced", PARTITIONS);
		try (FleetInstances fleet = new FleetInstances(topic); Load load = new Load(topic, PARTITIONS)) {
			startAndSwitchToGreen(fleet, load);
			fleet.stop("blue-1");

			// Replaced at once by an empty topic, before the running instance noticed
			deleteTopic(fleet.controlTopic());
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> createCompacted(fleet.controlTopic()));
			fleet.start("blue-1", "blue");
			assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
			assertThat(decidedActive(fleet)).as("colors decided in the new topic").doesNotContain("blue");

			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> "green".equals(fleet.service("blue-1").status().active()));
			assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
			restartBlueAndSwitchBack(fleet, load);
		}
	}

	/**
	 * The running green instance is suspended (SIGSTOP) while its control topic is
	 * replaced by an empty one, so it cannot write its state before blue starts: its
	 * consumers are still members of green's group, and no report names them.
	 */
	@Test
	void anInstanceStartedWhileTheRunningOnesCannotWriteTheirStateWaitsForIt() throws Exception {
		String topic = EmbeddedBroker.createTopic("suspended", PARTITIONS);
		try (FleetInstances fleet = new FleetInstances(topic); Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			fleet.startProcess("green-1", "green");
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("blue-1").status().instances().size() == 2);
			load.send(100);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 100);
			SwitchResult toGreen = fleet.service("blue-1").switchTo("green");
			assertThat(toGreen.outcome()).as(toGreen.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			load.send(100);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") == 100);
			fleet.stop("blue-1");

			fleet.suspend("green-1");
			try {
				deleteTopic(fleet.controlTopic());
				await().atMost(EmbeddedBroker.waitCeiling()).until(() -> createCompacted(fleet.controlTopic()));
				fleet.start("blue-1", "blue");
				assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
				assertThat(fleet.get("blue-1").getBean(FleetDirective.class).refusal(LifecycleState.ACTIVE))
					.contains("instances the control topic does not know of run");
				assertThat(decidedActive(fleet)).as("colors decided in the new topic").isEmpty();
			}
			finally {
				fleet.resume("green-1");
			}
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> "green".equals(fleet.service("blue-1").status().active()));
			assertThat(decidedActive(fleet)).as("colors decided in the new topic").containsOnly("green");
			assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
			load.send(100);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") == 200);
			load.stop();
			assertThat(fleet.processedBy("blue")).isEqualTo(100);
			fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets());
		}
	}

	private static void startAndSwitchToGreen(FleetInstances fleet, Load load) {
		fleet.start("blue-1", "blue");
		fleet.start("green-1", "green");
		fleet.awaitReady(PARTITIONS);
		load.send(100);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 100);
		SwitchResult toGreen = fleet.service("green-1").switchTo("green");
		assertThat(toGreen.outcome()).as(toGreen.toString()).isEqualTo(SwitchOutcome.COMPLETED);
		load.send(100);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") == 100);
	}

	private static void restartBlueAndSwitchBack(FleetInstances fleet, Load load) throws Exception {
		// blue still says initial-state ACTIVE: the state the fleet held wins
		fleet.stop("blue-1");
		fleet.start("blue-1", "blue");
		assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
		load.send(100);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") == 200);
		assertThat(fleet.processedBy("blue")).isEqualTo(100);

		fleet.awaitReady(PARTITIONS);
		SwitchResult toBlue = fleet.service("blue-1").switchTo("blue");
		assertThat(toBlue.outcome()).as(toBlue.toString()).isEqualTo(SwitchOutcome.COMPLETED);
		load.send(100);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 200);
		load.stop();
		fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets());
		assertThat(fleet.processedBy("green")).isEqualTo(200);
		assertThat(fleet.colorChanges()).isEqualTo(2);
	}

	private static void deleteTopic(String name) throws Exception {
		try (Admin admin = EmbeddedBroker.admin()) {
			deleteTopic(admin, name);
		}
	}

	static void deleteTopic(Admin admin, String name) throws Exception {
		admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
	}

	private static boolean createCompacted(String name) throws Exception {
		try (Admin admin = EmbeddedBroker.admin()) {
			admin
				.createTopics(List.of(new NewTopic(name, 1, (short) 1)
					.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
				.all()
				.get(30, TimeUnit.SECONDS);
			return true;
		}
		catch (Exception ex) {
			// Still being deleted
			return false;
		}
	}

	private static String cleanupPolicy(String name) throws Exception {
		try (Admin admin = EmbeddedBroker.admin()) {
			return cleanupPolicy(admin, name);
		}
	}

	static String cleanupPolicy(Admin admin, String name) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
		return admin.describeConfigs(List.of(resource))
			.all()
			.get(30, TimeUnit.SECONDS)
			.get(resource)
			.get(TopicConfig.CLEANUP_POLICY_CONFIG)
			.value();
	}

	/**
	 * The active color of every decision the control topic holds, in log order.
	 */
	private static List<String> decidedActive(FleetInstances fleet) {
		return decidedActive(fleet, EmbeddedBroker.bootstrapServers());
	}

	static List<String> decidedActive(FleetInstances fleet, String bootstrapServers) {
		ControlRecordCodec codec = new ControlRecordCodec(fleet.deployment(), JsonMapper.builder().build());
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		List<String> active = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			TopicPartition partition = new TopicPartition(fleet.controlTopic(), 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(5)).get(partition);
			while (consumer.position(partition) < end) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					ControlRecord read = codec.read(record.key(), record.value(), record.offset());
					if (read instanceof ControlRecord.Decision decision) {
						active.add(decision.state().active());
					}
					else if (read instanceof ControlRecord.Proposal proposal && proposal.state().version() == 1) {
						active.add(proposal.state().active());
					}
				}
			}
		}
		catch (RuntimeException ex) {
			// The topic is not there (yet)
		}
		return active;
	}

}
