package io.bluegreen.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo as a new user runs it, in a JVM of its own: its console is not buried in the
 * broker's log, and stopping it stops the instances, then the broker, then deletes the
 * broker's directory, without an error.
 */
class DemoIntegrationTests {

	@Test
	void startsQuietlyAndStopsWithoutAnError(@TempDir Path temporary) throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process demo = new ProcessBuilder(java.toString(), "-Djava.io.tmpdir=" + temporary, "-cp",
				System.getProperty("java.class.path"), OrderConsumerApplication.class.getName(),
				// the instances on free ports: 8080 and 8081 may be taken
				"--server.port=0")
			.redirectErrorStream(true)
			.start();
		List<String> output = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> read(demo, output), "demo-output");
		reader.start();
		try {
			await().atMost(Duration.ofMinutes(3))
				.untilAsserted(() -> assertThat(output).as("the demo's output")
					.anyMatch((line) -> line.startsWith("bluegreen demo:")));
			assertThat(Files.list(temporary).filter((path) -> path.getFileName().toString().startsWith("kafka-")))
				.as("the broker's directory")
				.hasSize(1);
		}
		finally {
			// SIGTERM: the shutdown hooks Ctrl-C runs
			demo.destroy();
		}
		assertThat(demo.waitFor(2, TimeUnit.MINUTES)).as("the demo stopped: %s", output).isTrue();
		reader.join(TimeUnit.SECONDS.toMillis(10));

		List<String> beforeConsole = output.stream().takeWhile((line) -> !line.startsWith("bluegreen demo:")).toList();
		// The broker's start-up was about 1,500 lines
		// and 155 warnings about its own topics
		assertThat(beforeConsole).as("before the console")
			.hasSizeLessThan(30)
			.noneMatch((line) -> line.contains(" INFO ") || line.contains(" DEBUG "))
			.noneMatch((line) -> line.contains("TOPIC_ALREADY_EXISTS"));
		// The broker's directory was deleted under the running broker: three ERRORs and
		// 100 warnings on every Ctrl-C
		assertThat(output).as("the demo's output")
			.noneMatch((line) -> line.contains("ERROR"))
			.noneMatch((line) -> line.contains("KafkaStorageException"));
		assertThat(Files.list(temporary).filter((path) -> path.getFileName().toString().startsWith("kafka-")))
			.as("the broker's directory, after the demo")
			.isEmpty();
	}

	private static void read(Process process, List<String> output) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			lines.lines().forEach(output::add);
		}
		catch (IOException ex) {
			output.add("[output unreadable: " + ex + "]");
		}
	}

}
