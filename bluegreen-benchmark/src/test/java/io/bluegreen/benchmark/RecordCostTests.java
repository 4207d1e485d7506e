package io.bluegreen.benchmark;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The cost per record sums up its runs pair by pair, whichever variant went first.
 */
class RecordCostTests {

	@Test
	void comparesEachPairAndTheMediansOfEachVariant() {
		List<RecordCost.Run> runs = List.of(new RecordCost.Run(1, OverheadResult.WITHOUT, 1000, 100, 500, 1e5),
				new RecordCost.Run(2, OverheadResult.WITH, 1000, 110, 500, 1e5),
				new RecordCost.Run(3, OverheadResult.WITH, 1000, 99, 508, 1e5),
				new RecordCost.Run(4, OverheadResult.WITHOUT, 1000, 90, 500, 1e5),
				new RecordCost.Run(5, OverheadResult.WITHOUT, 1000, 120, 500, 1e5),
				new RecordCost.Run(6, OverheadResult.WITH, 1000, 120, 500, 1e5));
		RecordCost.Results results = RecordCost.summarize(RecordCost.Settings.QUICK, Instant.now(), runs, List.of());
		assertThat(results.pairCpuRatios()).containsExactly(1.1, 1.1, 1.0);
		assertThat(results.cpuRatio()).isCloseTo(1.1, within(1e-9));
		assertThat(results.withoutCpuNanosPerRecord()).isEqualTo(new RecordCost.Spread(100, 90, 120));
		assertThat(results.withCpuNanosPerRecord()).isEqualTo(new RecordCost.Spread(110, 99, 120));
		assertThat(results.addedCpuNanosPerRecord()).isCloseTo(10, within(1e-9));
		assertThat(results.addedBytesPerRecord()).isCloseTo(0, within(1e-9));
		// 10 ns per record at 100,000 records a second: a millisecond of CPU a second
		assertThat(results.addedCoreShareAtReferenceRate()).isCloseTo(0.001, within(1e-12));
	}

}
