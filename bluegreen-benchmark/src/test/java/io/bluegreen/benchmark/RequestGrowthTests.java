package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fit of the requests per switch finds how they grow, and says so when they grow
 * faster than linearly with the fleet.
 */
class RequestGrowthTests {

	@Test
	void recoversALinearGrowthAndProjectsIt() {
		List<ScaleResult> points = sweep((n, p) -> 10 + 3.0 * n + 0.5 * p + 0.01 * n * p);
		RequestGrowth controlPlane = RequestGrowth.fit(points).get(0);
		assertThat(controlPlane.figure()).isEqualTo("control plane");
		assertThat(controlPlane.intercept()).isCloseTo(10, within(1e-6));
		assertThat(controlPlane.perInstance()).isCloseTo(3, within(1e-6));
		assertThat(controlPlane.perPartition()).isCloseTo(0.5, within(1e-6));
		assertThat(controlPlane.perInstancePartition()).isCloseTo(0.01, within(1e-6));
		assertThat(controlPlane.instanceExponent()).isLessThanOrEqualTo(1.0);
		assertThat(controlPlane.projections()).hasSize(6)
			.filteredOn((projection) -> projection.instancesPerColor() == 500 && projection.partitions() == 384)
			.singleElement()
			.satisfies((projection) -> assertThat(projection.requests())
				.isCloseTo(10 + 3.0 * 500 + 0.5 * 384 + 0.01 * 500 * 384, within(1e-6)));
	}

	@Test
	void aQuadraticGrowthHasAnExponentAboveOne() {
		List<ScaleResult> points = sweep((n, p) -> 5.0 * n * n);
		assertThat(RequestGrowth.fit(points).get(0).instanceExponent()).isCloseTo(2.0, within(1e-6));
	}

	private static List<ScaleResult> sweep(java.util.function.BiFunction<Integer, Integer, Double> requests) {
		List<ScaleResult> points = new ArrayList<>();
		Percentiles none = new Percentiles(0, 0, 0);
		for (int n : List.of(1, 2, 4, 8, 16)) {
			for (int p : List.of(12, 96, 384)) {
				double controlPlane = requests.apply(n, p);
				points.add(new ScaleResult(n, p, 0, 0, 0, 0, 0, 0, none, none, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
						new RequestsPerSwitch(controlPlane, controlPlane / (2 * n), 1, 1, 0, Map.of(), Map.of())));
			}
		}
		return points;
	}

}
