package io.bluegreen.benchmark;

/**
 * Renders what the cost per record measured as the table it prints: each run, the medians
 * with and without the starter, and the guard's microbenchmark.
 *
 * @author bluegreen
 */
final class CostReport {

	private CostReport() {
	}

	/**
	 * Format the results as a table.
	 * @param results the results
	 * @return the table
	 */
	static String table(RecordCost.Results results) {
		StringBuilder table = new StringBuilder();
		table.append(String.format("%nCost per record on the listener thread (%d pairs, %d records each)%n",
				results.settings().pairs(), results.settings().records()));
		for (RecordCost.Run run : results.runs()) {
			table.append(String.format("  run %d, %-7s: %8.1f ns CPU, %8.1f bytes, %,10.0f records/s%n", run.run(),
					run.variant(), run.cpuNanosPerRecord(), run.bytesPerRecord(), run.recordsPerSecond()));
		}
		table.append(
				String.format("  CPU per record, median (min-max): without %.1f (%.1f-%.1f), with %.1f (%.1f-%.1f)%n",
						results.withoutCpuNanosPerRecord().median(), results.withoutCpuNanosPerRecord().min(),
						results.withoutCpuNanosPerRecord().max(), results.withCpuNanosPerRecord().median(),
						results.withCpuNanosPerRecord().min(), results.withCpuNanosPerRecord().max()));
		table.append(
				String.format("  bytes per record, median (min-max): without %.1f (%.1f-%.1f), with %.1f (%.1f-%.1f)%n",
						results.withoutBytesPerRecord().median(), results.withoutBytesPerRecord().min(),
						results.withoutBytesPerRecord().max(), results.withBytesPerRecord().median(),
						results.withBytesPerRecord().min(), results.withBytesPerRecord().max()));
		table.append(String.format(
				"  pair CPU ratios %s, median %.3f; added %.1f ns and %.1f bytes per record, "
						+ "%.4f of a core at %,d records/s%n",
				results.pairCpuRatios(), results.cpuRatio(), results.addedCpuNanosPerRecord(),
				results.addedBytesPerRecord(), results.addedCoreShareAtReferenceRate(), RecordCost.REFERENCE_RATE));
		for (RecordCost.Micro micro : results.micro()) {
			table.append(String.format("  %-24s %4s records/poll: %10.1f ± %.1f ns, %10.1f bytes per call%n",
					micro.benchmark(), (micro.recordsPerPoll() > 0) ? micro.recordsPerPoll() : "-",
					micro.nanosPerOperation(), micro.nanosError(), micro.bytesPerOperation()));
		}
		return table.toString();
	}

}
