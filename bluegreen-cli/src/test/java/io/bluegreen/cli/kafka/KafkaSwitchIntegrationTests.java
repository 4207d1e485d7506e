package io.bluegreen.cli.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.bluegreen.cli.BlueGreenCli;
import io.bluegreen.cli.ExitCode;
import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;

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
	void switchesThroughTheControlTopicWithTheClientSettingsOfACommandConfig(@TempDir Path directory)
			throws Exception {
		load.send(30);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 30);
		Path commandConfig = directory.resolve("client.properties");
		Files.writeString(commandConfig, "security.protocol=PLAINTEXT\nclient.dns.lookup=use_all_dns_ips\n");

		Run run = run("switch", "--bootstrap-server", EmbeddedBroker.bootstrapServers(), "--command-config",
				commandConfig.toString(), "--deployment", fleet.deployment(), "--control-topic", fleet.controlTopic(),
				"--instance-timeout", "3", "--to", "green", "--reason", "release 7", "--requested-by", "pipeline");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.OK);
		assertThat(run.output()).contains("switching " + fleet.deployment() + " from blue to green",
				"completed in", "green is active");
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

	private static Run run(String... args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int exitCode = BlueGreenCli.run(args, out, out, Map.of());
		return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String output) {

	}

}
