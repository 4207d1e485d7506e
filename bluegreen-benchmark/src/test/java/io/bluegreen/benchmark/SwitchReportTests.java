package io.bluegreen.benchmark;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;
import io.bluegreen.benchmark.SwitchBenchmark.Results;
import io.bluegreen.benchmark.SwitchBenchmark.Settings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch benchmark's table is rendered from its results alone, without running
 * anything.
 */
class SwitchReportTests {

	private static final Percentiles FAST = new Percentiles(40, 90, 120);

	@Test
	void rendersTheScenariosTheConditionsAndTheOverhead() {
		ScenarioResult bluegreen = new ScenarioResult("bluegreen", "the fleet switch", 100, FAST,
				new Percentiles(10, 20, 30), new Percentiles(45, 50, 60), FAST, 1_000_000, 0, 0, 1.5, -1, 4998, 200);
		ConditionsResult classic = new ConditionsResult("classic", 150, 20, FAST, new Percentiles(30, 35, 40),
				new Percentiles(25, 28, 30), 30, 2.5, 11.25);
		OverheadResult overhead = OverheadResult.of("test", 1000,
				List.of(new OverheadResult.Run(1, OverheadResult.WITHOUT, 100_000),
						new OverheadResult.Run(2, OverheadResult.WITH, 99_000)),
				new Percentiles(5, 10, 20), new Percentiles(6, 12, 25));
		Results results = new Results(Settings.QUICK, Map.of("group.initial.rebalance.delay.ms", "3000"), 2, 2,
				Instant.now(), List.of(bluegreen), List.of(classic), overhead, List.of());

		String table = SwitchReport.table(results);

		assertThat(table).contains(
				"500 records/s over 4 partitions, 2+2 instances, broker: " + "{group.initial.rebalance.delay.ms=3000}");
		assertThat(table.lines().filter((line) -> line.startsWith("bluegreen "))).singleElement()
			.satisfies((row) -> assertThat(row.split(" +")).containsExactly("bluegreen", "100", "40", "/", "90", "/",
					"120", "10", "/", "20", "/", "30", "45", "0", "0", "1.5", "-", "4998"));
		assertThat(table.lines().filter((line) -> line.startsWith("classic "))).singleElement()
			.satisfies((row) -> assertThat(row.split(" +")).containsExactly("classic", "150", "40", "/", "90", "/",
					"120", "30", "/", "35", "/", "40", "25", "/", "28", "/", "30", "2.5", "11.3"));
		assertThat(table)
			.contains("Overhead, throughput: 100000 records/s without the starter, 99000 with, "
					+ "means of 1 runs each (ratio 0.990)")
			.contains("Overhead, latency: p50 5.0 ms without, 6.0 ms with (added 1.0 ms); p99 10.0 ms / 12.0 ms");
	}

	@Test
	void leavesOutWhatWasNotMeasured() {
		Results results = new Results(Settings.QUICK, Map.of(), 2, 2, Instant.now(), List.of(), List.of(), null,
				List.of());

		assertThat(SwitchReport.table(results))
			.isEqualToIgnoringNewLines("500 records/s over 4 partitions, 2+2 instances, broker: {}");
	}

}
