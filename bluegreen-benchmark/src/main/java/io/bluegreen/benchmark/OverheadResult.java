package io.bluegreen.benchmark;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

/**
 * What the starter costs: the same listener and load with and without it.
 *
 * @param method how it was measured
 * @param backlog records consumed from a backlog for the throughput figures
 * @param withoutThroughputPerSecond records per second from the backlog without the
 * starter
 * @param withThroughputPerSecond the same with the starter and fleet coordination
 * @param throughputRatio with divided by without
 * @param withoutLatencyMillis from send to processing at the benchmark rate, without
 * @param withLatencyMillis the same with the starter
 * @param addedLatencyP50Millis the difference of the medians
 * @author bluegreen
 */
public record OverheadResult(String method, long backlog, double withoutThroughputPerSecond,
		double withThroughputPerSecond, double throughputRatio, Percentiles withoutLatencyMillis,
		Percentiles withLatencyMillis, double addedLatencyP50Millis) {

}
