package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

/**
 * What the starter costs: the same listener and load with and without it.
 *
 * @param method how it was measured
 * @param backlog records consumed from a backlog for the throughput figures
 * @param runs every throughput run, in the order they ran
 * @param pairs the runs two by two, in the order they ran
 * @param withoutThroughputPerSecond records per second from the backlog without the
 * starter, the mean of its runs
 * @param withThroughputPerSecond the same with the starter and fleet coordination
 * @param throughputRatio with divided by without, of the means
 * @param minRatio the lowest ratio of a pair
 * @param medianRatio the median ratio of the pairs
 * @param maxRatio the highest ratio of a pair
 * @param withoutFirstMet whether every pair whose run without the starter went first
 * reached {@link #TARGET_RATIO}
 * @param withFirstMet whether every pair whose run with the starter went first reached it
 * @param withoutLatencyMillis from send to processing at the benchmark rate, without
 * @param withLatencyMillis the same with the starter
 * @param addedLatencyP50Millis the difference of the medians
 * @author bluegreen
 */
public record OverheadResult(String method, long backlog, List<Run> runs, List<Pair> pairs,
		double withoutThroughputPerSecond, double withThroughputPerSecond, double throughputRatio, double minRatio,
		double medianRatio, double maxRatio, boolean withoutFirstMet, boolean withFirstMet,
		Percentiles withoutLatencyMillis, Percentiles withLatencyMillis, double addedLatencyP50Millis) {

	/**
	 * The throughput with the starter that the target asks for, as a share of the
	 * throughput without it.
	 */
	public static final double TARGET_RATIO = 0.99;

	/**
	 * The name of the runs without the starter.
	 */
	public static final String WITHOUT = "without";

	/**
	 * The name of the runs with the starter.
	 */
	public static final String WITH = "with";

	/**
	 * Sum up the runs of each pair and the latencies.
	 * @param method how it was measured
	 * @param backlog records consumed from the backlog by each run
	 * @param runs the runs in the order they ran, one without and one with the starter in
	 * each pair, in either order
	 * @param withoutLatencyMillis latencies without the starter
	 * @param withLatencyMillis latencies with the starter
	 * @return the result
	 */
	static OverheadResult of(String method, long backlog, List<Run> runs, Percentiles withoutLatencyMillis,
			Percentiles withLatencyMillis) {
		List<Pair> pairs = new ArrayList<>();
		for (int i = 0; i + 1 < runs.size(); i += 2) {
			pairs.add(Pair.of(pairs.size() + 1, runs.get(i), runs.get(i + 1)));
		}
		double without = mean(runs, WITHOUT);
		double with = mean(runs, WITH);
		List<Double> ratios = pairs.stream().map(Pair::ratio).sorted().toList();
		return new OverheadResult(method, backlog, runs, pairs, without, with, with / without, ratios.get(0),
				median(ratios), ratios.get(ratios.size() - 1), met(pairs, WITHOUT), met(pairs, WITH),
				withoutLatencyMillis, withLatencyMillis, withLatencyMillis.p50() - withoutLatencyMillis.p50());
	}

	private static double mean(List<Run> runs, String variant) {
		return runs.stream()
			.filter((run) -> run.variant().equals(variant))
			.mapToDouble(Run::recordsPerSecond)
			.average()
			.orElse(Double.NaN);
	}

	private static double median(List<Double> sorted) {
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static boolean met(List<Pair> pairs, String first) {
		return pairs.stream().filter((pair) -> pair.first().equals(first)).allMatch(Pair::met);
	}

	/**
	 * One run consuming the whole backlog.
	 *
	 * @param order its place among all runs, from 1
	 * @param variant {@value OverheadResult#WITHOUT} or {@value OverheadResult#WITH} the
	 * starter
	 * @param recordsPerSecond records per second, from its first record to its last
	 */
	public record Run(int order, String variant, double recordsPerSecond) {

	}

	/**
	 * Two runs one after the other, one without and one with the starter.
	 *
	 * @param pair its place among the pairs, from 1
	 * @param first the variant that ran first
	 * @param withoutRecordsPerSecond records per second without the starter
	 * @param withRecordsPerSecond records per second with it
	 * @param ratio with divided by without
	 * @param met whether the ratio reached {@link #TARGET_RATIO}
	 */
	public record Pair(int pair, String first, double withoutRecordsPerSecond, double withRecordsPerSecond,
			double ratio, boolean met) {

		static Pair of(int pair, Run first, Run second) {
			if (first.variant().equals(second.variant())) {
				throw new IllegalArgumentException("A pair needs a run of each variant, not two " + first.variant());
			}
			Run without = first.variant().equals(WITHOUT) ? first : second;
			Run with = (without == first) ? second : first;
			double ratio = with.recordsPerSecond() / without.recordsPerSecond();
			return new Pair(pair, first.variant(), without.recordsPerSecond(), with.recordsPerSecond(), ratio,
					ratio >= TARGET_RATIO);
		}

	}

}
