package io.bluegreen.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules of docs/monitoring, checked and unit-tested by Prometheus's own
 * {@code promtool}. CI installs it ({@code .ci/run}); elsewhere each test is skipped,
 * with the reason, when it is missing.
 */
class AlertRulesIntegrationTests {

	private static final Path MONITORING = Path.of("..", "docs", "monitoring");

	@BeforeEach
	void promtool() {
		boolean installed = System.getenv("PATH") != null && List.of(System.getenv("PATH").split(":"))
			.stream()
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, "promtool")));
		if (System.getenv("CI") != null) {
			assertThat(installed).as("promtool on the PATH of CI").isTrue();
		}
		assumeTrue(installed, "promtool is not installed (Debian: apt-get install prometheus)");
	}

	@Test
	void rulesAreValid() throws Exception {
		Result result = promtool("check", "rules", "bluegreen-alerts.yml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: 8 rules found");
	}

	@Test
	void everyAlertFiresWhenItShouldAndOnlyThen() throws Exception {
		Result result = promtool("test", "rules", "bluegreen-alerts.test.yml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	private static Result promtool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(MONITORING.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
