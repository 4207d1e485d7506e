package io.bluegreen.fleet.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The ledger of the records processed, by partition, and the invariant checked on it at
 * the end of a run: every offset up to the last one processed was processed exactly once.
 */
final class RecordsExactlyOnce {

	private final Map<Integer, List<Processed>> ledger = new HashMap<>();

	/**
	 * Record that a member processed the record at an offset.
	 */
	void processed(int partition, long offset, @Nullable String member) {
		this.ledger.computeIfAbsent(partition, (key) -> new ArrayList<>()).add(new Processed(offset, member));
	}

	/**
	 * Check the ledger.
	 * @return the first offset skipped or processed twice, or {@code null}
	 */
	@Nullable String check() {
		for (Map.Entry<Integer, List<Processed>> entry : this.ledger.entrySet()) {
			List<Processed> processed = entry.getValue();
			List<Long> offsets = processed.stream().map(Processed::offset).sorted().toList();
			for (int i = 0; i < offsets.size(); i++) {
				if (offsets.get(i) != i) {
					return "partition " + entry.getKey() + ": offset " + i + " was "
							+ ((offsets.get(i) < i) ? "processed twice" : "skipped") + " (" + processed + ")";
				}
			}
		}
		return null;
	}

	/**
	 * Return how many records of a partition were processed: the offset after the last
	 * one processed.
	 */
	long processedUpTo(int partition) {
		return this.ledger.getOrDefault(partition, List.of())
			.stream()
			.mapToLong((processed) -> processed.offset() + 1)
			.max()
			.orElse(0);
	}

	private record Processed(long offset, @Nullable String member) {

	}

}
