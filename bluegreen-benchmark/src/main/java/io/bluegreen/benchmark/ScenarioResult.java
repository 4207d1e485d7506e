package io.bluegreen.benchmark;

import java.util.List;

/**
 * The figures of one scenario.
 *
 * @param scenario the scenario
 * @param description what it does
 * @param switches how many switches it made
 * @param toFirstRecordMillis from each request to the new color's first record: p50, p99,
 * max
 * @param toOldLastRecordMillis from each request to the old color's last record: p50,
 * p99, max
 * @param rollbackMillis the switches back to blue, request to first record: p50, p99, max
 * @param requestMillis from each request until the mechanism returned: p50, p99, max
 * @param produced records produced
 * @param lost records produced but not processed by the end of the run: lost, or left on
 * partitions no active consumer holds
 * @param duplicates records processed more than once, counted once per extra processing
 * @param stalledPartitionSeconds time partitions had records waiting and no consumer
 * processing them, summed over partitions
 * @param unprocessedPartitionsWhileBothUp partitions no instance processes while both
 * colors are up, or -1
 * @param throughputPerSecond records sent during the run and processed by its end, per
 * second of the run
 * @param durationSeconds length of the run
 * @author bluegreen
 */
public record ScenarioResult(String scenario, String description, int switches, Percentiles toFirstRecordMillis,
		Percentiles toOldLastRecordMillis, Percentiles rollbackMillis, Percentiles requestMillis, long produced,
		long lost, long duplicates, double stalledPartitionSeconds, int unprocessedPartitionsWhileBothUp,
		double throughputPerSecond, double durationSeconds) {

	/**
	 * Three percentiles of a list of durations.
	 *
	 * @param p50 the median
	 * @param p99 the 99th percentile
	 * @param max the maximum
	 */
	public record Percentiles(double p50, double p99, double max) {

		static Percentiles of(List<Double> values) {
			if (values.isEmpty()) {
				return new Percentiles(Double.NaN, Double.NaN, Double.NaN);
			}
			List<Double> sorted = values.stream().sorted().toList();
			return new Percentiles(at(sorted, 50), at(sorted, 99), sorted.get(sorted.size() - 1));
		}

		private static double at(List<Double> sorted, int percentile) {
			int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
			return sorted.get(Math.max(0, index));
		}

	}

}
