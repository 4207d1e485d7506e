package io.bluegreen.benchmark;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.bluegreen.benchmark.ScaleSweep.Grid;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale sweep's grids; a run of one point on a broker is
 * {@link ScaleSweepIntegrationTests}.
 */
class ScaleSweepTests {

	@Test
	void theCrossGridSweepsEachVariableAtTheEndsOfTheOther() {
		List<ScaleSweep.Point> points = Grid.CROSS.points(List.of(1, 2, 4, 8, 16), List.of(12, 96, 384));

		assertThat(points).hasSize(12)
			.contains(new ScaleSweep.Point(1, 96), new ScaleSweep.Point(16, 96), new ScaleSweep.Point(4, 12),
					new ScaleSweep.Point(4, 384))
			.doesNotContain(new ScaleSweep.Point(2, 96), new ScaleSweep.Point(4, 96), new ScaleSweep.Point(8, 96));
		assertThat(Grid.ALL.points(List.of(1, 2, 4, 8, 16), List.of(12, 96, 384))).hasSize(15);
	}

}
