package io.bluegreen.benchmark;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bluegreen.benchmark.ScaleSweep.Grid;
import io.bluegreen.benchmark.ScaleSweep.Results;
import io.bluegreen.benchmark.ScaleSweep.Settings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale sweep on one small point, to prove that it switches a fleet of the size it is
 * given, accounts for every record and tells the control plane's requests from the
 * listeners'.
 */
class ScaleSweepIntegrationTests {

	@Test
	void onePointSwitchesTheWholeFleetAndLosesNothing(@TempDir Path output) throws Exception {
		// Accounting, not timing: no initial rebalance delay, to keep the test short
		Settings settings = new Settings(List.of(3), List.of(4), Grid.ALL, "test", 300, 1, 2, 200, 2, 0, 60);

		Results results = ScaleSweep.run(settings, output);

		assertThat(results.points()).singleElement().satisfies((point) -> {
			assertThat(point.instancesPerColor()).isEqualTo(3);
			assertThat(point.partitions()).isEqualTo(4);
			assertThat(point.firstToFirstRecordMillis()).isPositive();
			assertThat(point.switches()).isEqualTo(2);
			assertThat(point.requestMillis().max()).isPositive();
			assertThat(point.toFirstRecordMillis().max()).isPositive();
			assertThat(point.produced()).isPositive();
			assertThat(point.lost()).isZero();
			assertThat(point.duplicates()).isZero();
			assertThat(point.switchingControlPlaneRequestsPerSecondPerInstance()).isPositive();
			assertThat(point.switchingListenerRequestsPerSecondPerInstance()).isPositive();
			assertThat(point.idleControlPlaneRequestsPerSecondPerInstance()).isPositive();
			assertThat(point.idleListenerRequestsPerSecondPerInstance()).isPositive();
			// A switch writes to the control topic and
			// the coordinator commits the handover
			assertThat(point.requestsPerSwitch().coordinator()).isPositive();
			assertThat(point.requestsPerSwitch().byKind()).containsKeys("control producer", "offset handover producer");
			assertThat(point.requestsPerSwitch().byApi()).containsKeys("Produce", "TxnOffsetCommit");
		});
		assertThat(output.resolve(ScaleSweep.RESULTS)).content().contains("\"instancesPerColor\" : 3");
		assertThat(output.resolve("scale-instances.png")).isNotEmptyFile();
		assertThat(output.resolve("scale-partitions.png")).isNotEmptyFile();
	}

}
