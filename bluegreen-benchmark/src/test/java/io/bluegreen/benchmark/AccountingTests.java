package io.bluegreen.benchmark;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's accounting on records whose fate is known.
 */
class AccountingTests {

	private static final long MS = 1_000_000L;

	@Test
	void countsLostAndDuplicatedRecordsAndTimesTheSwitch() {
		// Partition 0: offsets 0..3 sent; 1 is never processed, 2 is processed twice
		Map<Integer, Map<Long, Long>> sent = Map.of(0, Map.of(0L, 0L, 1L, 10 * MS, 2L, 20 * MS, 3L, 30 * MS));
		List<Journal.Processed> processed = List.of(new Journal.Processed(0, 0, "blue", "blue-1", 5 * MS),
				new Journal.Processed(0, 2, "blue", "blue-1", 25 * MS),
				new Journal.Processed(0, 2, "green", "green-1", 150 * MS),
				new Journal.Processed(0, 3, "green", "green-1", 160 * MS));
		List<Accounting.Switch> switches = List.of(new Accounting.Switch("green", 100 * MS, 110 * MS));

		ScenarioResult result = Accounting.account(new RecreateScenario(), sent, processed, switches, -1, 0, 200 * MS);

		assertThat(result.produced()).isEqualTo(4);
		assertThat(result.lost()).isEqualTo(1);
		assertThat(result.duplicates()).isEqualTo(1);
		assertThat(result.toFirstRecordMillis().p50()).isEqualTo(50.0);
		assertThat(result.requestMillis().max()).isEqualTo(10.0);
		assertThat(result.rollbackMillis().p50()).as("no switch back to blue").isNaN();
		// The only bucket in which a record waited (100-199 ms) also processed records
		assertThat(result.stalledPartitionSeconds()).isEqualTo(0.0);
	}

	@Test
	void aPartitionWithWaitingRecordsAndNoProcessingIsStalled() {
		Map<Integer, Map<Long, Long>> sent = Map.of(0, Map.of(0L, 0L), 1, Map.of(0L, 0L));
		// Partition 1 waits until 550 ms: buckets 100..499
		// ms have a waiting record and no processing
		List<Journal.Processed> processed = List.of(new Journal.Processed(0, 0, "blue", "blue-1", 50 * MS),
				new Journal.Processed(1, 0, "green", "green-1", 550 * MS));

		ScenarioResult result = Accounting.account(new RecreateScenario(), sent, processed, List.of(), -1, 0, 600 * MS);

		assertThat(result.lost()).isZero();
		assertThat(result.stalledPartitionSeconds()).isEqualTo(0.4);
	}

}
