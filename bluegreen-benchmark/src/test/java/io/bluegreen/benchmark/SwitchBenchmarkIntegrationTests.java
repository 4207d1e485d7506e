package io.bluegreen.benchmark;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bluegreen.benchmark.SwitchBenchmark.Results;
import io.bluegreen.benchmark.SwitchBenchmark.Settings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the switch benchmark, to prove its accounting: the starter loses and
 * repeats nothing, and the naive switch's repeats are caught.
 */
class SwitchBenchmarkIntegrationTests {

	@Test
	void shortRunAccountsForEveryRecord(@TempDir Path output) throws Exception {
		// Accounting, not timing: no initial rebalance delay, to keep the test short
		Settings settings = new Settings(300, 4, 1, 2, 2, 200, 2000, 2, 0, 2, 3, 2);

		Results results = SwitchBenchmark.run(settings, output);

		assertThat(results.scenarios()).extracting(ScenarioResult::scenario)
			.containsExactly("bluegreen", "separate-groups-naive", "shared-group", "recreate",
					"bluegreen-plain-classic", "bluegreen-transactional-classic",
					"bluegreen-transactional-by-hand-classic", "bluegreen-plain-consumer",
					"bluegreen-transactional-consumer", "bluegreen-transactional-by-hand-consumer");
		ScenarioResult bluegreen = results.scenarios().get(0);
		assertThat(bluegreen.switches()).isEqualTo(2);
		assertThat(bluegreen.produced()).isPositive();
		assertThat(bluegreen.lost()).isZero();
		assertThat(bluegreen.duplicates()).isZero();
		assertThat(bluegreen.toFirstRecordMillis().max()).isPositive();
		// Without a handover the new color starts
		// where it stood: records are processed twice
		ScenarioResult naive = results.scenarios().get(1);
		assertThat(naive.duplicates() + naive.lost()).isPositive();
		// Half the consumers are paused members of the one group: their partitions wait
		assertThat(results.scenarios().get(2).unprocessedPartitionsWhileBothUp()).isEqualTo(2);
		// A transactional listener's switches lose and repeat nothing either, whether its
		// container or the listener itself runs its transactions
		assertThat(results.scenarios().subList(4, 10)).allSatisfy((transactional) -> {
			assertThat(transactional.switches()).isPositive();
			assertThat(transactional.lost()).isZero();
			assertThat(transactional.duplicates()).isZero();
		});
		// Both group protocols: a first switch, switches under load and on an idle topic,
		// and an idle fleet whose control plane and listeners are seen sending requests
		assertThat(results.conditions()).extracting(ConditionsResult::groupProtocol)
			.containsExactly("classic", "consumer");
		assertThat(results.conditions()).allSatisfy((conditions) -> {
			assertThat(conditions.firstToFirstRecordMillis()).isPositive();
			assertThat(conditions.busyToFirstRecordMillis().max()).isPositive();
			assertThat(conditions.idleRequestMillis().max()).isPositive();
			assertThat(conditions.idleControlPlaneRequestsPerSecondPerInstance()).isPositive();
			assertThat(conditions.idleListenerRequestsPerSecondPerInstance()).isPositive();
		});
		// Two pairs of throughput runs, the variant that goes first alternating
		OverheadResult overhead = results.overhead();
		assertThat(overhead.runs()).extracting(OverheadResult.Run::variant)
			.containsExactly("without", "with", "with", "without");
		assertThat(overhead.pairs()).extracting(OverheadResult.Pair::first).containsExactly("without", "with");
		assertThat(overhead.throughputRatio()).isPositive();
		assertThat(overhead.minRatio()).isLessThanOrEqualTo(overhead.medianRatio())
			.isPositive()
			.isLessThanOrEqualTo(overhead.maxRatio());
		assertThat(output.resolve("results.json")).content().contains("\"scenario\" : \"bluegreen\"");
		assertThat(output.resolve("timeline-bluegreen.png")).isNotEmptyFile();
		assertThat(output.resolve("timeline-recreate.png")).isNotEmptyFile();
	}

}
