package io.bluegreen.benchmark;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.bluegreen.benchmark.SwitchBenchmark.Arguments;
import io.bluegreen.benchmark.SwitchBenchmark.Selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The switch benchmark's arguments; its short run on a broker is
 * {@link SwitchBenchmarkIntegrationTests}.
 */
class SwitchBenchmarkTests {

	@Test
	void argumentsSelectWhatRuns() {
		Arguments arguments = Arguments.parse("--quick", "--scenario=conditions", "--output=out");

		assertThat(arguments.quick()).isTrue();
		assertThat(arguments.selection()).isEqualTo(Selection.CONDITIONS);
		assertThat(arguments.output()).isEqualTo(Path.of("out"));
		assertThat(Arguments.parse().selection()).isEqualTo(Selection.ALL);
	}

	@Test
	void anUnknownArgumentIsRefusedWithEveryAllowedOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> Arguments.parse("--scenario=conditons"))
			.withMessage("Unknown argument --scenario=conditons; allowed: --quick, --output=DIR, --scenario=all, "
					+ "--scenario=consumers, --scenario=connect, --scenario=conditions, --scenario=transactional, --scenario=scale, "
					+ "--scenario=cost, --scenario=requests");
	}

}
