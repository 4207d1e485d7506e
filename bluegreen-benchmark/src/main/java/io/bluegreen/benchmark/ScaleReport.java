package io.bluegreen.benchmark;

import java.util.Map;
import java.util.TreeMap;

/**
 * Renders what the scale sweep measured as the table it prints: the switch per size of
 * the fleet, and the requests per switch with how they grow.
 *
 * @author bluegreen
 */
public final class ScaleReport {

	private ScaleReport() {
	}

	/**
	 * Format the results as a table.
	 * @param results the results
	 * @return the table
	 */
	public static String table(ScaleSweep.Results results) {
		StringBuilder table = new StringBuilder();
		table.append(String.format("%n%d records/s, concurrency %d, %d switches after a warm-up one, broker: %s%n%n",
				results.settings().ratePerSecond(), results.settings().concurrency(), results.settings().switches(),
				results.brokerSettings()));
		String columns = "%9s %6s %7s %7s %16s %20s %20s %17s %17s %6s %6s %7s%n";
		table.append(String.format(columns, "instances", "parts", "start", "heap", "first switch", "completed ms",
				"to first record ms", "switching", "idle", "lost", "dupl.", "point"));
		table.append(String.format(columns, "per color", "", "s", "MB", "compl. / rec. ms", "p50 / p99 / max",
				"p50 / p99 / max", "ctl / lst req/s/i", "ctl / lst req/s/i", "", "", "s"));
		for (ScaleResult point : results.points()) {
			table.append(String.format("%9d %6d %7.1f %7d %16s %20s %20s %17s %17s %6d %6d %7.0f%n",
					point.instancesPerColor(), point.partitions(), point.startSeconds(), point.heapUsedMegabytes(),
					String.format("%.0f / %.0f", point.firstRequestMillis(), point.firstToFirstRecordMillis()),
					SwitchReport.format(point.requestMillis()), SwitchReport.format(point.toFirstRecordMillis()),
					String.format("%.1f / %.1f", point.switchingControlPlaneRequestsPerSecondPerInstance(),
							point.switchingListenerRequestsPerSecondPerInstance()),
					String.format("%.1f / %.1f", point.idleControlPlaneRequestsPerSecondPerInstance(),
							point.idleListenerRequestsPerSecondPerInstance()),
					point.lost(), point.duplicates(), point.pointSeconds()));
		}
		table.append(String.format("%nRequests per switch (mean of the switches, from the request to the first "
				+ "record; listeners and by API less an equal stretch without a switch)%n"));
		for (ScaleResult point : results.points()) {
			RequestsPerSwitch requests = point.requestsPerSwitch();
			table.append(String.format(
					"%9d %6d  control plane %6.1f (%.1f per instance; coordinator %.1f, other "
							+ "instance %.1f), listeners %6.1f; by client %s; by API %s%n",
					point.instancesPerColor(), point.partitions(), requests.controlPlane(),
					requests.controlPlanePerInstance(), requests.coordinator(), requests.otherInstance(),
					requests.listeners(), rounded(requests.byKind()), rounded(requests.byApi())));
		}
		for (RequestGrowth growth : results.requestGrowth()) {
			table.append(String.format(
					"%s: %.1f + %.2f N + %.3f P + %.5f N·P (R² %.2f), exponent of N %.2f; " + "projected %s%n",
					growth.figure(), growth.intercept(), growth.perInstance(), growth.perPartition(),
					growth.perInstancePartition(), growth.rSquared(), growth.instanceExponent(),
					growth.projections()
						.stream()
						.map((projection) -> String.format("%d×%d: %.0f", projection.instancesPerColor(),
								projection.partitions(), projection.requests()))
						.toList()));
		}
		return table.toString();
	}

	private static Map<String, Long> rounded(Map<String, Double> counts) {
		Map<String, Long> rounded = new TreeMap<>();
		counts.forEach((key, count) -> rounded.put(key, Math.round(count)));
		return rounded;
	}

}
