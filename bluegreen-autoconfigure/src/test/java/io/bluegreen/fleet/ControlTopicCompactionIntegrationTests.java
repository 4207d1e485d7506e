package io.bluegreen.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control topic compacted by the broker's log cleaner, with losing proposals and late
 * decisions forced into it: instances that start after the cleaner ran follow the decided
 * state.
 */
class ControlTopicCompactionIntegrationTests {

	private static final int PARTITIONS = 4;

	@Test
	void instancesStartedAfterTheCleanerRanFollowTheDecidedState() throws Exception {
		String topic = EmbeddedBroker.createTopic("compacted", PARTITIONS);
		try (FleetInstances fleet = new FleetInstances(topic); Load load = new Load(topic, PARTITIONS)) {
			createCompactedControlTopic(fleet.controlTopic());
			fleet.start("blue-1", "blue");
			fleet.start("green-1", "green");
			fleet.awaitReady(PARTITIONS);
			load.startContinuous(1);
			for (String to : List.of("green", "blue", "green")) {
				assertThat(fleet.service("blue-1").switchTo(to).outcome()).isEqualTo(SwitchOutcome.COMPLETED);
			}
			DesiredState decided = fleet.get("blue-1").getBean(ControlLog.class).view().desired();
			assertThat(decided.active()).isEqualTo("green");

			// Losers of every kind: a proposal of the decided version, one from a view
			// two versions behind, and a decision of an earlier version written late
			ControlRecordCodec codec = new ControlRecordCodec(fleet.deployment(), JsonMapper.builder().build());
			DesiredState loser = new DesiredState(UUID.randomUUID().toString(), decided.version(), "blue",
					decided.epoch(), null, Map.of(), null, "intruder", Instant.now());
			DesiredState stale = new DesiredState(UUID.randomUUID().toString(), decided.version() - 1, "blue",
					decided.epoch(), null, Map.of(), null, "intruder", Instant.now());
			try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
				for (ControlRecord record : List.of(new ControlRecord.Proposal(loser),
						new ControlRecord.Proposal(stale), new ControlRecord.Decision(stale))) {
					producer.send(new ProducerRecord<>(fleet.controlTopic(), 0, codec.key(record), codec.value(record)))
						.get(30, TimeUnit.SECONDS);
				}
			}
			List<String> before = keys(fleet.controlTopic());
			// An idle fleet writes nothing, and the cleaner only cleans rolled segments:
			// another deployment's records roll them
			ControlRecordCodec other = new ControlRecordCodec("other-" + fleet.deployment(),
					JsonMapper.builder().build());
			ControlRecord unrelated = new ControlRecord.Withdrawal("nobody");
			try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
				await().atMost(EmbeddedBroker.waitCeiling()).pollInterval(Duration.ofMillis(500)).until(() -> {
					producer
						.send(new ProducerRecord<>(fleet.controlTopic(), 0, other.key(unrelated),
								other.value(unrelated)))
						.get(30, TimeUnit.SECONDS);
					return compacted(before, keys(fleet.controlTopic()));
				});
			}

			fleet.start("blue-2", "blue");
			fleet.start("green-2", "green");
			for (String instance : List.of("blue-2", "green-2")) {
				DesiredState read = fleet.get(instance).getBean(ControlLog.class).view().desired();
				assertThat(read.proposalId()).as(instance + " reads the decided state").isEqualTo(decided.proposalId());
			}
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.state("green-2") == LifecycleState.ACTIVE);
			assertThat(fleet.state("blue-2")).isEqualTo(LifecycleState.PAUSED);
			// And the fleet still switches
			assertThat(fleet.service("blue-2").switchTo("blue").outcome()).isEqualTo(SwitchOutcome.COMPLETED);
			FleetSwitchIntegrationTests.stopAndAssertEveryRecordProcessedOnceInOrder(fleet, load);
		}
	}

	/**
	 * Whether the cleaner ran: a proposal and its removal share a key, of which it keeps
	 * at most the removal, and drops that too once its retention passed.
	 */
	private static boolean compacted(List<String> before, List<String> after) {
		return proposals(after) < proposals(before);
	}

	private static long proposals(List<String> keys) {
		return keys.stream().filter((key) -> key.startsWith("proposal/")).count();
	}

	private static void createCompactedControlTopic(String name) throws Exception {
		try (Admin admin = EmbeddedBroker.admin()) {
			NewTopic topic = new NewTopic(name, 1, (short) 1)
				.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
						TopicConfig.SEGMENT_MS_CONFIG, "100", TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.001",
						TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0", TopicConfig.DELETE_RETENTION_MS_CONFIG, "100"));
			admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
		}
	}

	private static List<String> keys(String topic) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers());
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			long end = consumer.endOffsets(List.of(partition)).get(partition);
			List<String> keys = new ArrayList<>();
			while (consumer.position(partition) < end) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					keys.add(record.key());
				}
			}
			return keys;
		}
	}

}
