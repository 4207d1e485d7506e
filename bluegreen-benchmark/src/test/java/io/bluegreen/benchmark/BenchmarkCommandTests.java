package io.bluegreen.benchmark;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import io.bluegreen.benchmark.SwitchBenchmark.Selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The benchmark's command line: the arguments of the README and docs/benchmark.md select
 * what runs, and anything else is refused with every allowed argument.
 */
class BenchmarkCommandTests {

	@Test
	void argumentsSelectWhatRuns() {
		BenchmarkCommand command = BenchmarkCommand.parse("--quick", "--scenario=conditions", "--output=out");

		assertThat(command.quick()).isTrue();
		assertThat(command.selection()).isEqualTo(Selection.CONDITIONS);
		assertThat(command.output()).isEqualTo(Path.of("out"));
	}

	@Test
	void withoutArgumentsTheFullRunOfEverythingGoesToTargetBenchmark() {
		BenchmarkCommand command = BenchmarkCommand.parse();

		assertThat(command.quick()).isFalse();
		assertThat(command.selection()).isEqualTo(Selection.ALL);
		assertThat(command.output()).isEqualTo(Path.of("target", "benchmark"));
	}

	@Test
	void everySelectionHasTheScenarioArgumentOfTheDocs() {
		assertThat(Selection.values()).allSatisfy((selection) -> assertThat(
				BenchmarkCommand.parse("--scenario=" + selection.name().toLowerCase(Locale.ROOT)).selection())
			.isEqualTo(selection));
	}

	@Test
	void anUnknownScenarioIsRefusedWithEveryAllowedOne() {
		assertThatExceptionOfType(CommandLine.ParameterException.class)
			.isThrownBy(() -> BenchmarkCommand.parse("--scenario=conditons"))
			.withMessageContaining("'conditons' is not a scenario; allowed: all, consumers, connect, conditions, "
					+ "transactional, scale, cost, requests");
	}

	@Test
	void theGroupProtocolsRunInTheOrderGiven() {
		assertThat(BenchmarkCommand.parse().protocols()).containsExactly("classic", "consumer");
		assertThat(BenchmarkCommand.parse("--protocols=consumer,classic").protocols()).containsExactly("consumer",
				"classic");
	}

	@Test
	void anUnknownGroupProtocolIsRefusedWithTheAllowedOnes() {
		assertThatExceptionOfType(CommandLine.ParameterException.class)
			.isThrownBy(() -> BenchmarkCommand.parse("--protocols=consumer,eager"))
			.withMessageContaining("'eager' is not a group protocol; allowed: classic, consumer");
	}

	@Test
	void wrongUsageRunsNothingAndPrintsTheUsage() {
		StringWriter err = new StringWriter();
		CommandLine commandLine = new CommandLine(BenchmarkCommand.class);

		int exitCode = BenchmarkCommand.execute(new PrintWriter(err), "--quik");

		assertThat(exitCode).isEqualTo(commandLine.getCommandSpec().exitCodeOnInvalidInput());
		assertThat(err.toString()).contains("Unknown option: '--quik'")
			.contains("--scenario=NAME", "--quick", "--output=DIR")
			.contains("all", "consumers", "connect", "conditions", "transactional", "scale", "cost", "requests");
	}

}
