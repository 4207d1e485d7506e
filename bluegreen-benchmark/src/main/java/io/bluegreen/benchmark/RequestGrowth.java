package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * How the requests of a switch grow with the fleet: a least-squares fit of
 * {@code requests = a + b·N + c·P + d·N·P} over the points of a scale sweep, N instances
 * per color and P partitions, and the exponent of N at the most partitions (the slope of
 * log requests against log N), which says whether the requests grow faster than linearly
 * with the fleet. The fit projects the requests to fleets larger than the sweep's.
 *
 * @param figure what is fitted
 * @param intercept a, requests whatever the size
 * @param perInstance b, per instance per color
 * @param perPartition c, per partition
 * @param perInstancePartition d, per instance per color and partition
 * @param rSquared how much of the variation the fit explains
 * @param instanceExponent the exponent of N at the most partitions: 1 is linear
 * @param projections the fit at larger fleets
 * @author bluegreen
 */
public record RequestGrowth(String figure, double intercept, double perInstance, double perPartition,
		double perInstancePartition, double rSquared, double instanceExponent, List<Projection> projections) {

	/**
	 * Instances per color the fit is projected to.
	 */
	static final List<Integer> PROJECTED_INSTANCES = List.of(100, 500);

	/**
	 * The fit at one size of the fleet.
	 *
	 * @param instancesPerColor instances per color
	 * @param partitions partitions
	 * @param requests requests per switch
	 */
	public record Projection(int instancesPerColor, int partitions, double requests) {

	}

	/**
	 * Fit the figures of a sweep.
	 * @param points the sweep's points
	 * @return one fit per figure, none if the sweep has too few points
	 */
	static List<RequestGrowth> fit(List<ScaleResult> points) {
		List<RequestGrowth> fits = new ArrayList<>();
		if (points.size() < 4) {
			return fits;
		}
		fits.add(fit("control plane", points, (point) -> point.requestsPerSwitch().controlPlane()));
		fits.add(fit("coordinator", points, (point) -> point.requestsPerSwitch().coordinator()));
		fits.add(fit("other instance", points, (point) -> point.requestsPerSwitch().otherInstance()));
		// Not the listeners: their requests during
		// a switch cannot be told from the load's
		return fits;
	}

	private static RequestGrowth fit(String figure, List<ScaleResult> points, ToDoubleFunction<ScaleResult> value) {
		// Too few points for the term N·P (a quick run): without it
		boolean interaction = points.size() > 4;
		double[] y = new double[points.size()];
		double[][] x = new double[points.size()][];
		for (int i = 0; i < points.size(); i++) {
			ScaleResult point = points.get(i);
			double n = point.instancesPerColor();
			double p = point.partitions();
			x[i] = interaction ? new double[] { n, p, n * p } : new double[] { n, p };
			y[i] = value.applyAsDouble(point);
		}
		OLSMultipleLinearRegression regression = new OLSMultipleLinearRegression();
		regression.newSampleData(y, x);
		double[] fitted = regression.estimateRegressionParameters();
		double[] beta = interaction ? fitted : new double[] { fitted[0], fitted[1], fitted[2], 0 };
		int mostPartitions = points.stream().mapToInt(ScaleResult::partitions).max().orElseThrow();
		SimpleRegression exponent = new SimpleRegression();
		points.stream()
			.filter((point) -> point.partitions() == mostPartitions && value.applyAsDouble(point) > 0)
			.forEach((point) -> exponent.addData(Math.log(point.instancesPerColor()),
					Math.log(value.applyAsDouble(point))));
		List<Integer> partitions = points.stream().map(ScaleResult::partitions).distinct().sorted().toList();
		List<Projection> projections = new ArrayList<>();
		for (int n : PROJECTED_INSTANCES) {
			for (int p : partitions) {
				projections.add(new Projection(n, p, beta[0] + beta[1] * n + beta[2] * p + beta[3] * n * p));
			}
		}
		return new RequestGrowth(figure, beta[0], beta[1], beta[2], beta[3],
				(points.size() > x[0].length + 1) ? regression.calculateRSquared() : Double.NaN, exponent.getSlope(),
				projections);
	}

}
