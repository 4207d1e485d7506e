package io.bluegreen.fleet.simulation;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.DesiredState;

/**
 * The liveness invariant of a settled fleet, checked at the end of a run: once a color is
 * decided active, it processed every record produced before the faults stopped. A
 * lifecycle that reports a resume its consumers never act on fails it.
 */
final class ActiveColorCatchesUp {

	/**
	 * Check the records processed.
	 * @param log the log and its truth
	 * @param produced the end offset of each partition when the faults stopped
	 * @param records the records processed
	 * @return the first partition behind, or {@code null}
	 */
	static @Nullable String check(SimLog log, long[] produced, RecordsExactlyOnce records) {
		DesiredState truth = log.truth();
		if (truth == null || truth.switchInProgress() != null) {
			return null;
		}
		for (int partition = 0; partition < produced.length; partition++) {
			long processed = records.processedUpTo(partition);
			if (processed < produced[partition]) {
				return "partition " + partition + ": the active color " + truth.active() + " processed " + processed
						+ " of the " + produced[partition] + " records produced before the faults stopped";
			}
		}
		return null;
	}

	private ActiveColorCatchesUp() {
	}

}
