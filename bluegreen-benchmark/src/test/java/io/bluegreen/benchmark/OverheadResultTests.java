package io.bluegreen.benchmark;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.bluegreen.benchmark.OverheadResult.Run;
import io.bluegreen.benchmark.ScenarioResult.Percentiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The overhead's throughput runs summed up pair by pair.
 */
class OverheadResultTests {

	private static final Percentiles LATENCY = new Percentiles(5, 10, 20);

	@Test
	void pairsTheRunsInTheOrderTheyRanAndTellEachOrderApart() {
		List<Run> runs = List.of(new Run(1, "without", 100), new Run(2, "with", 99), new Run(3, "with", 90),
				new Run(4, "without", 100), new Run(5, "without", 100), new Run(6, "with", 101),
				new Run(7, "with", 100), new Run(8, "without", 100));

		OverheadResult result = OverheadResult.of("test", 1000, runs, LATENCY, LATENCY);

		assertThat(result.pairs()).extracting(OverheadResult.Pair::first)
			.containsExactly("without", "with", "without", "with");
		assertThat(result.pairs()).extracting(OverheadResult.Pair::ratio).containsExactly(0.99, 0.9, 1.01, 1.0);
		assertThat(result.pairs()).extracting(OverheadResult.Pair::met).containsExactly(true, false, true, true);
		assertThat(result.minRatio()).isEqualTo(0.9);
		assertThat(result.medianRatio()).isCloseTo(0.995, within(1e-9));
		assertThat(result.maxRatio()).isEqualTo(1.01);
		assertThat(result.withoutFirstMet()).isTrue();
		assertThat(result.withFirstMet()).as("0.90 in the second pair, where with went first").isFalse();
		assertThat(result.withoutThroughputPerSecond()).isEqualTo(100.0);
		assertThat(result.withThroughputPerSecond()).isEqualTo(97.5);
		assertThat(result.throughputRatio()).isEqualTo(0.975);
	}

	@Test
	void aPairOfTheSameVariantIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> OverheadResult.of("test", 1000,
				List.of(new Run(1, "with", 100), new Run(2, "with", 100)), LATENCY, LATENCY));
	}

}
