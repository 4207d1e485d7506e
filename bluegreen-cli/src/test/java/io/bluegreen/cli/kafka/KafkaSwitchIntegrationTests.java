package io.bluegreen.cli.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bluegreen.cli.BlueGreenCli;
import io.bluegreen.cli.ExitCode;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.kafka.control.ControlRecordCodec;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bluegreen switch --bootstrap-server}: the command line switches a fleet on the
 * embedded broker through its control topic, reaching no instance, and every record is
 * processed once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaSwitchIntegrationTests {

	private static final int PARTITIONS = 3;

	private static FleetInstances fleet;

	private static Load load;

	@BeforeAll
	static void startFleet() {
		String topic = EmbeddedBroker.createTopic("cli-kafka", PARTITIONS);
		fleet = new FleetInstances(topic);
		load = new Load(topic, PARTITIONS);
		fleet.start("blue-1", "blue");
		fleet.start("green-1", "green");
		fleet.awaitReady(PARTITIONS);
	}

	@AfterAll
	static void stopFleet() throws Exception {
		load.close();
		fleet.close();
	}

	@Test
	@Order(1)
	void switchesThroughTheControlTopicWithTheClientSettingsOfACommandConfig(@TempDir Path directory) throws Exception {
		load.send(30);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 30);
		Path commandConfig = directory.resolve("client.properties");
		Files.writeString(commandConfig, "security.protocol=PLAINTEXT\nclient.dns.lookup=use_all_dns_ips\n");

		Run run = run("switch", "--bootstrap-server", EmbeddedBroker.bootstrapServers(), "--command-config",
				commandConfig.toString(), "--deployment", fleet.deployment(), "--control-topic", fleet.controlTopic(),
				"--instance-timeout", "3", "--to", "green", "--reason", "release 7", "--requested-by", "pipeline");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.OK);
		assertThat(run.output()).contains("switching " + fleet.deployment() + " from blue to green", "completed in",
				"green is active");
		FleetStatus status = fleet.service("blue-1").status();
		assertThat(status.active()).isEqualTo("green");
		EndedSwitch ended = status.lastSwitch();
		assertThat(ended.outcome()).isEqualTo(SwitchOutcome.COMPLETED);
		assertThat(ended.requestedBy()).isEqualTo("pipeline");
		assertThat(ended.requestReason()).isEqualTo("release 7");
		load.send(30);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") == 30);
		fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets());
		assertThat(fleet.processedBy("blue")).isEqualTo(30);
	}

	@Test
	@Order(2)
	void anUnknownDeploymentOrControlTopicChangesNothing() {
		Run unknownDeployment = run("switch", "--bootstrap-server", EmbeddedBroker.bootstrapServers(), "--deployment",
				"no-such-deployment", "--control-topic", fleet.controlTopic(), "--to", "blue");
		assertThat(unknownDeployment.exitCode()).as(unknownDeployment.output()).isEqualTo(ExitCode.ERROR);
		assertThat(unknownDeployment.output()).contains("no deployment 'no-such-deployment'");

		Run unknownTopic = run("switch", "--bootstrap-server", EmbeddedBroker.bootstrapServers(), "--deployment",
				fleet.deployment(), "--control-topic", "no-such-control-topic", "--to", "blue");
		assertThat(unknownTopic.exitCode()).as(unknownTopic.output()).isEqualTo(ExitCode.ERROR);
		assertThat(unknownTopic.output()).contains("no control topic no-such-control-topic");

		Run unknownColor = run("switch", "--bootstrap-server", EmbeddedBroker.bootstrapServers(), "--deployment",
				fleet.deployment(), "--control-topic", fleet.controlTopic(), "--to", "purple");
		assertThat(unknownColor.exitCode()).as(unknownColor.output()).isEqualTo(ExitCode.ERROR);
		assertThat(unknownColor.output()).contains("unknown color 'purple'");

		Run noDeployment = run("switch", "--bootstrap-server", EmbeddedBroker.bootstrapServers(), "--to", "blue");
		assertThat(noDeployment.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(noDeployment.output()).contains("--bootstrap-server needs --deployment");

		assertThat(fleet.service("blue-1").status().active()).isEqualTo("green");
		assertThat(fleet.service("blue-1").status().epoch()).isEqualTo(2);
	}

	@Test
	@Order(3)
	void aTimeoutShorterThanTheSwitchTimeoutIsAUsageErrorAndChangesNothing() {
		Run shorter = run("switch", "--bootstrap-server", EmbeddedBroker.bootstrapServers(), "--deployment",
				fleet.deployment(), "--control-topic", fleet.controlTopic(), "--to", "blue", "--timeout", "45");

		assertThat(shorter.exitCode()).as(shorter.output()).isEqualTo(ExitCode.USAGE);
		assertThat(shorter.output()).contains("--timeout (45 s) must be at least --switch-timeout (60 s)");
		assertThat(fleet.service("blue-1").status().active()).isEqualTo("green");
		assertThat(fleet.service("blue-1").status().epoch()).isEqualTo(2);
	}

	/**
	 * Regression: with the control topic lost and recreated, instances report into the
	 * new one with blue still active; a switch through Kafka recorded green active as a
	 * first state with no drain, and both colors consumed.
	 */
	@Test
	@Order(4)
	void noFirstStateIsRecordedWhenTheControlTopicHasNoDecidedState() throws Exception {
		String controlTopic = EmbeddedBroker.uniqueName("cli-kafka-recreated-control");
		try (Admin admin = EmbeddedBroker.admin()) {
			admin
				.createTopics(List.of(new NewTopic(controlTopic, 1, (short) 1)
					.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
				.all()
				.get();
		}
		String deployment = EmbeddedBroker.uniqueName("recreated");
		ControlRecordCodec codec = new ControlRecordCodec(deployment, JsonMapper.builder().build());
		try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
			for (InstanceReport report : List.of(report("blue-9", "blue", LifecycleState.ACTIVE),
					report("green-9", "green", LifecycleState.PAUSED))) {
				ControlRecord record = new ControlRecord.Report(report);
				producer.send(new ProducerRecord<>(controlTopic, codec.key(record), codec.value(record))).get();
			}
		}

		Run run = run("switch", "--bootstrap-server", EmbeddedBroker.bootstrapServers(), "--deployment", deployment,
				"--control-topic", controlTopic, "--instance-timeout", "600", "--to", "green");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.REFUSED);
		assertThat(run.output()).contains(
				"the deployment has no decided state in " + controlTopic + "; its instances must establish it first");
		assertThat(keys(controlTopic)).containsExactly("instance/" + deployment + "/blue-9",
				"instance/" + deployment + "/green-9");
	}

	private static InstanceReport report(String instanceId, String color, LifecycleState state) {
		return new InstanceReport(instanceId, color, state, 1, 1, Map.of(), List.of(), List.of(), Map.of(),
				Instant.now());
	}

	private static List<String> keys(String topic) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers(),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			long end = consumer.endOffsets(List.of(partition)).get(partition);
			List<String> keys = new ArrayList<>();
			long deadline = System.nanoTime() + EmbeddedBroker.waitCeiling().toNanos();
			while (consumer.position(partition) < end && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> keys.add(record.key()));
			}
			return keys;
		}
	}

	private static Run run(String... args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int exitCode = BlueGreenCli.run(args, out, out, Map.of());
		return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String output) {

	}

}
