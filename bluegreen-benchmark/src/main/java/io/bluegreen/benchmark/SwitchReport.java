package io.bluegreen.benchmark;

import java.util.List;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

/**
 * Renders what the switch benchmark measured as the table it prints: the scenarios, the
 * Connect switch part by part, bluegreen in the conditions users meet, and the overhead.
 *
 * @author bluegreen
 */
public final class SwitchReport {

	private SwitchReport() {
	}

	/**
	 * Format the results as a table.
	 * @param results the results
	 * @return the table
	 */
	public static String table(SwitchBenchmark.Results results) {
		StringBuilder table = new StringBuilder();
		table.append(String.format("%n%d records/s over %d partitions, 2+2 instances, broker: %s%n",
				results.settings().ratePerSecond(), results.settings().partitions(), results.brokerSettings()));
		if (!results.scenarios().isEmpty()) {
			table.append(scenariosTable(results.scenarios()));
		}
		if (!results.connectBreakdowns().isEmpty()) {
			table.append(breakdownTable(results.connectBreakdowns()));
		}
		if (results.conditions().isEmpty()) {
			return table.toString();
		}
		table.append(String.format("%n%-26s %14s %22s %22s %22s %12s %12s%n", "bluegreen, group.protocol",
				"first switch", "under load", "under load", "idle topic", "idle fleet", "idle fleet"));
		table.append(String.format("%-26s %14s %22s %22s %22s %12s %12s%n", "", "to first rec.", "to first record ms",
				"to completed ms", "to completed ms", "control", "listeners"));
		table.append(String.format("%-26s %14s %22s %22s %22s %12s %12s%n", "", "ms", "p50 / p99 / max",
				"p50 / p99 / max", "p50 / p99 / max", "req/s/inst.", "req/s/inst."));
		for (ConditionsResult result : results.conditions()) {
			table.append(String.format("%-26s %14.0f %22s %22s %22s %12.1f %12.1f%n", result.groupProtocol(),
					result.firstToFirstRecordMillis(), format(result.busyToFirstRecordMillis()),
					format(result.busyRequestMillis()), format(result.idleRequestMillis()),
					result.idleControlPlaneRequestsPerSecondPerInstance(),
					result.idleListenerRequestsPerSecondPerInstance()));
		}
		OverheadResult overhead = results.overhead();
		if (overhead == null) {
			return table.toString();
		}
		table.append(String.format(
				"%nOverhead, throughput: %.0f records/s without the starter, %.0f with, "
						+ "means of %d runs each (ratio %.3f)%n",
				overhead.withoutThroughputPerSecond(), overhead.withThroughputPerSecond(), overhead.pairs().size(),
				overhead.throughputRatio()));
		for (OverheadResult.Pair pair : overhead.pairs()) {
			table.append(String.format("  pair %d, %s first: %.0f without, %.0f with, ratio %.3f%s%n", pair.pair(),
					pair.first(), pair.withoutRecordsPerSecond(), pair.withRecordsPerSecond(), pair.ratio(),
					pair.met() ? "" : " (under " + OverheadResult.TARGET_RATIO + ")"));
		}
		table.append(String.format(
				"  pair ratios min / median / max %.3f / %.3f / %.3f; at least %.2f in every pair "
						+ "where without went first: %s, where with went first: %s%n",
				overhead.minRatio(), overhead.medianRatio(), overhead.maxRatio(), OverheadResult.TARGET_RATIO,
				overhead.withoutFirstMet() ? "yes" : "no", overhead.withFirstMet() ? "yes" : "no"));
		table
			.append(String.format(
					"Overhead, latency: p50 %.1f ms without, %.1f ms with (added %.1f ms); "
							+ "p99 %.1f ms / %.1f ms%n",
					overhead.withoutLatencyMillis().p50(), overhead.withLatencyMillis().p50(),
					overhead.addedLatencyP50Millis(), overhead.withoutLatencyMillis().p99(),
					overhead.withLatencyMillis().p99()));
		return table.toString();
	}

	private static String scenariosTable(List<ScenarioResult> scenarios) {
		StringBuilder table = new StringBuilder();
		table.append(String.format("%n"));
		table.append(String.format("%-22s %8s %22s %22s %18s %8s %10s %12s %10s %12s%n", "scenario", "switches",
				"to first record ms", "to old last record ms", "rollback p50 ms", "lost", "duplicates", "stalled p·s",
				"idle parts", "records/s"));
		table.append(String.format("%-22s %8s %22s %22s %18s %8s %10s %12s %10s %12s%n", "", "", "p50 / p99 / max",
				"p50 / p99 / max", "", "", "", "", "", ""));
		for (ScenarioResult result : scenarios) {
			table
				.append(String.format("%-22s %8d %22s %22s %18.0f %8d %10d %12.1f %10s %12.0f%n", result.scenario(),
						result.switches(), format(result.toFirstRecordMillis()), format(result.toOldLastRecordMillis()),
						result.rollbackMillis().p50(), result.lost(), result.duplicates(),
						result.stalledPartitionSeconds(),
						(result.unprocessedPartitionsWhileBothUp() < 0) ? "-"
								: String.valueOf(result.unprocessedPartitionsWhileBothUp()),
						result.throughputPerSecond()));
		}
		table.append(String.format("%n"));
		for (ScenarioResult result : scenarios) {
			if (result.scenario().startsWith("connect")) {
				table.append(String.format(
						"%s: request to every task of the new connector RUNNING " + "p50 / p99 / max %s ms%n",
						result.scenario(), format(result.requestMillis())));
			}
		}
		return table.toString();
	}

	private static String breakdownTable(List<ConnectBreakdown> breakdowns) {
		StringBuilder table = new StringBuilder();
		table.append(String.format("Connect switch, part by part, ms p50 / p99 / max:%n"));
		table.append(String.format("%-22s", "part"));
		breakdowns.forEach((breakdown) -> table.append(String.format(" %34s", breakdown.scenario())));
		table.append(String.format("%n"));
		for (int i = 0; i < breakdowns.get(0).parts().size(); i++) {
			table.append(String.format("%-22s", breakdowns.get(0).parts().get(i).name()));
			for (ConnectBreakdown breakdown : breakdowns) {
				table.append(String.format(" %34s", format(breakdown.parts().get(i).millis())));
			}
			table.append(String.format("%n"));
		}
		table.append(String.format("%-22s", "to first record"));
		breakdowns
			.forEach((breakdown) -> table.append(String.format(" %34s", format(breakdown.toFirstRecordMillis()))));
		table.append(String.format("%n%n"));
		return table.toString();
	}

	static String format(Percentiles percentiles) {
		return String.format("%.0f / %.0f / %.0f", percentiles.p50(), percentiles.p99(), percentiles.max());
	}

}
