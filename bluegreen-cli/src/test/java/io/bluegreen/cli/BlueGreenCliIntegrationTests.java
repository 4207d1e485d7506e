package io.bluegreen.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Gate;
import io.bluegreen.test.Load;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command line against a running blue/green fleet: {@code --help}, {@code status} and
 * a switch run as {@code java -jar} on the packaged jar alone, an aborted switch, and
 * wrong usage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlueGreenCliIntegrationTests {

	private static final int PARTITIONS = 3;

	private static final String TOKEN = "s3cret";

	private static FleetInstances fleet;

	private static Load load;

	private static String url;

	@BeforeAll
	static void startFleet() {
		String topic = EmbeddedBroker.createTopic("cli", PARTITIONS);
		fleet = new FleetInstances(topic, "bluegreen.fleet.switch-timeout=3s", "bluegreen.access.token=" + TOKEN);
		load = new Load(topic, PARTITIONS);
		fleet.start(WebApplicationType.SERVLET, "blue-1", "blue");
		fleet.start("green-1", "green");
		fleet.awaitReady(PARTITIONS);
		int port = ((WebServerApplicationContext) fleet.get("blue-1")).getWebServer().getPort();
		url = "http://localhost:" + port + "/actuator/bluegreen";
	}

	@AfterAll
	static void stopFleet() throws Exception {
		load.close();
		fleet.close();
	}

	@Test
	@Order(0)
	void theJarAloneShowsItsHelpAndVersion() throws Exception {
		Run help = runJar("--help");

		assertThat(help.exitCode()).as(help.output()).isZero();
		assertThat(help.output()).contains("usage: bluegreen", "status", "switch", "connect", "Exit codes:", "64");
		Run version = runJar("--version");
		assertThat(version.exitCode()).as(version.output()).isZero();
		assertThat(version.output()).startsWith("bluegreen 0.");
	}

	@Test
	@Order(1)
	void statusShowsTheActiveColorAndEveryInstance() throws Exception {
		Run run = runJar("status", "--url", url);

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("instance blue-1 at " + url,
				"deployment " + fleet.deployment() + ": active blue, epoch 1", "switch in progress: none",
				"blue-1 (blue) ACTIVE", "green-1 (green) PAUSED");
	}

	@Test
	@Order(2)
	void anUnknownColorExitsWithAnErrorAndTheAllowedColors() {
		long version = version();

		Run run = run("switch", "--to", "purple", "--url", url, "--token", TOKEN);

		assertThat(run.exitCode()).isEqualTo(ExitCode.ERROR);
		assertThat(run.output()).contains("HTTP 400", "Unknown color 'purple'", "[blue, green]");
		assertThat(version()).isEqualTo(version);
	}

	@Test
	@Order(3)
	void aSwitchInAJvmOfItsOwnShowsTheDrainAndExitsZero() throws Exception {
		load.startContinuous(5);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);

		Run run = runJar("switch", "--to", "green", "--url", url, "--token", TOKEN);

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("switching " + fleet.deployment() + " from blue to green",
				"through instance blue-1 at " + url, "blue-1 (blue) PAUSED", "completed in ", "green is active");
		long greenBefore = fleet.processedBy("green");
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > greenBefore + 10);
		load.stop();
		Map<TopicPartition, Long> end = load.endOffsets();
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> fleet.processed().size() >= end.values().stream().mapToLong(Long::longValue).sum());
		fleet.assertEveryRecordProcessedOnceInOrder(end);

		Run again = run("switch", "--to", "GREEN", "--url", url, "--token", TOKEN);
		assertThat(again.exitCode()).isZero();
		assertThat(again.output()).contains("unchanged: green already was active");
	}

	@Test
	@Order(4)
	void anAbortedSwitchExitsNonZeroAndNamesWhoDidNotConfirm() throws Exception {
		load.startContinuous(5);
		Gate gate = fleet.get("green-1").getBean(Gate.class);
		gate.close();
		try {
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> gate.waiting() > 0);

			Run run = run("switch", "--to", "blue", "--url", url, "--token", TOKEN);

			assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.ABORTED);
			assertThat(run.output()).contains("aborted", "green-1", "green kept consuming");
		}
		finally {
			gate.open();
			load.stop();
		}
		assertThat(fleet.service("blue-1").status().active()).isEqualTo("green");
	}

	@Test
	void aSwitchWithoutTheTokenIsNotAuthorizedAndChangesNothing() {
		String active = fleet.service("blue-1").status().active();

		Run run = run("switch", "--to", "blue".equals(active) ? "green" : "blue", "--url", url);
		Run wrong = run("switch", "--to", "blue".equals(active) ? "green" : "blue", "--url", url, "--token", "guess");

		assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.NOT_AUTHORIZED);
		assertThat(run.output()).contains("HTTP 401", "bluegreen.access.token");
		assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(ExitCode.NOT_AUTHORIZED);
		assertThat(wrong.output()).contains("HTTP 403");
		assertThat(fleet.service("blue-1").status().active()).isEqualTo(active);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "switch", "switch --to", "promote --to green", "status --to green",
			"switch --to green --timeout soon", "switch --to green --url ftp://host/x", "status --colour blue",
			"switch --to green --header NoColon" })
	void wrongUsageExitsWithAnErrorAndTheUsage(String arguments) {
		// an instance to talk to, which the case's own options may override
		List<String> args = new ArrayList<>(List.of(arguments.split(" +")));
		args.addAll(Math.min(1, args.size()), List.of("--url", "http://localhost:1/actuator/bluegreen"));
		args.removeIf(String::isEmpty);

		Run run = run(args.toArray(String[]::new));

		assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(run.output()).startsWith("bluegreen: ").contains("usage: bluegreen");
	}

	@Test
	void noInstanceToTalkToIsAnError() {
		Run run = run("status");

		assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(run.output()).contains("give --url or set BLUEGREEN_URL");
	}

	private static Run run(String... args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int exitCode = BlueGreenCli.run(args, out, out, Map.of());
		return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	/**
	 * Run the packaged jar in a JVM of its own, as a pipeline would.
	 */
	private static Run runJar(String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), output);
	}

	private static Path jar() throws Exception {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files
				.filter((file) -> file.getFileName().toString().matches("bluegreen-cli-[^-]+(-SNAPSHOT)?\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no packaged jar in target: run 'verify', not 'test'"));
		}
	}

	private static long version() {
		return fleet.get("blue-1").getBean(ControlLog.class).view().desired().version();
	}

	private record Run(int exitCode, String output) {
	}

}
