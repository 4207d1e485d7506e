package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

/**
 * Turns what was sent and what was processed into the figures of a scenario: every record
 * accounted for by partition and offset.
 *
 * @author bluegreen
 */
final class Accounting {

	private static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private Accounting() {
	}

	/**
	 * A switch as the runner saw it.
	 *
	 * @param to the color switched to
	 * @param requestedNanos when it was requested
	 * @param returnedNanos when the mechanism returned
	 */
	record Switch(String to, long requestedNanos, long returnedNanos) {

	}

	/**
	 * Return the time from a switch's request to the new color's first record.
	 * @param journal the journal
	 * @param done the switch
	 * @return the milliseconds, or NaN if the new color processed nothing
	 */
	static double toFirstRecordMillis(Journal journal, Switch done) {
		return journal.all()
			.stream()
			.filter((r) -> r.color().equals(done.to()) && r.nanos() > done.requestedNanos())
			.mapToLong(Journal.Processed::nanos)
			.min()
			.stream()
			.mapToDouble((nanos) -> (nanos - done.requestedNanos()) / 1e6)
			.findFirst()
			.orElse(Double.NaN);
	}

	static ScenarioResult account(Scenario scenario, Map<Integer, ? extends Map<Long, Long>> sent,
			List<Journal.Processed> processed, List<Switch> switches, int unprocessedWhileBothUp, long startNanos,
			long endNanos) {
		Map<Integer, Map<Long, Long>> firstProcessed = new HashMap<>();
		long duplicates = 0;
		for (Journal.Processed record : processed) {
			Map<Long, Long> partition = firstProcessed.computeIfAbsent(record.partition(), (key) -> new HashMap<>());
			Long earlier = partition.putIfAbsent(record.offset(), record.nanos());
			if (earlier != null) {
				duplicates++;
				partition.put(record.offset(), Math.min(earlier, record.nanos()));
			}
		}
		long produced = 0;
		long lost = 0;
		for (Map.Entry<Integer, ? extends Map<Long, Long>> partition : sent.entrySet()) {
			Map<Long, Long> done = firstProcessed.getOrDefault(partition.getKey(), Map.of());
			for (Long offset : partition.getValue().keySet()) {
				produced++;
				if (!done.containsKey(offset)) {
					lost++;
				}
			}
		}
		List<Double> toFirst = new ArrayList<>();
		List<Double> toOldLast = new ArrayList<>();
		List<Double> rollback = new ArrayList<>();
		List<Double> request = new ArrayList<>();
		for (int i = 0; i < switches.size(); i++) {
			Switch current = switches.get(i);
			long until = (i + 1 < switches.size()) ? switches.get(i + 1).requestedNanos() : endNanos;
			String from = Scenario.other(current.to());
			long first = Long.MAX_VALUE;
			long last = current.requestedNanos();
			for (Journal.Processed record : processed) {
				if (record.nanos() >= current.requestedNanos() && record.nanos() < until) {
					if (record.color().equals(current.to())) {
						first = Math.min(first, record.nanos());
					}
					else if (record.color().equals(from)) {
						last = Math.max(last, record.nanos());
					}
				}
			}
			if (first != Long.MAX_VALUE) {
				double millis = millis(first - current.requestedNanos());
				toFirst.add(millis);
				if (current.to().equals("blue")) {
					rollback.add(millis);
				}
			}
			toOldLast.add(millis(last - current.requestedNanos()));
			request.add(millis(current.returnedNanos() - current.requestedNanos()));
		}
		double duration = (endNanos - startNanos) / 1e9;
		// Records sent during the run and processed by its end
		long delivered = 0;
		for (Map.Entry<Integer, ? extends Map<Long, Long>> partition : sent.entrySet()) {
			Map<Long, Long> done = firstProcessed.getOrDefault(partition.getKey(), Map.of());
			for (Map.Entry<Long, Long> record : partition.getValue().entrySet()) {
				Long at = done.get(record.getKey());
				if (record.getValue() >= startNanos && at != null && at <= endNanos) {
					delivered++;
				}
			}
		}
		return new ScenarioResult(scenario.name(), scenario.description(), switches.size(), Percentiles.of(toFirst),
				Percentiles.of(toOldLast), Percentiles.of(rollback), Percentiles.of(request), produced, lost,
				duplicates, stalledPartitionSeconds(sent, firstProcessed, processed, startNanos, endNanos),
				unprocessedWhileBothUp, delivered / duration, duration);
	}

	/**
	 * A partition is stalled during a 100 ms bucket when a record sent at least one
	 * bucket earlier is still waiting at the bucket's end and nothing of the partition
	 * was processed in the bucket. Records never processed count as lost, not as stalled.
	 */
	static double stalledPartitionSeconds(Map<Integer, ? extends Map<Long, Long>> sent,
			Map<Integer, Map<Long, Long>> firstProcessed, List<Journal.Processed> processed, long startNanos,
			long endNanos) {
		int buckets = (int) ((endNanos - startNanos) / BUCKET_NANOS);
		long stalledBuckets = 0;
		for (Map.Entry<Integer, ? extends Map<Long, Long>> partition : sent.entrySet()) {
			Map<Long, Long> done = firstProcessed.getOrDefault(partition.getKey(), Map.of());
			List<long[]> waiting = new ArrayList<>();
			partition.getValue().forEach((offset, sentAt) -> {
				Long at = done.get(offset);
				if (at != null) {
					waiting.add(new long[] { sentAt, at });
				}
			});
			boolean[] active = new boolean[buckets + 1];
			for (Journal.Processed record : processed) {
				if (record.partition() == partition.getKey()) {
					int bucket = (int) ((record.nanos() - startNanos) / BUCKET_NANOS);
					if (bucket >= 0 && bucket <= buckets) {
						active[bucket] = true;
					}
				}
			}
			boolean[] stalled = new boolean[buckets + 1];
			for (long[] record : waiting) {
				// Waiting from one bucket after it was sent
				// until the bucket it was processed in
				int from = (int) ((record[0] - startNanos) / BUCKET_NANOS) + 1;
				int to = (int) ((record[1] - startNanos) / BUCKET_NANOS);
				for (int bucket = Math.max(0, from); bucket < Math.min(to, buckets + 1); bucket++) {
					stalled[bucket] = true;
				}
			}
			for (int bucket = 0; bucket <= buckets; bucket++) {
				if (stalled[bucket] && !active[bucket]) {
					stalledBuckets++;
				}
			}
		}
		return stalledBuckets * BUCKET_NANOS / 1e9;
	}

	private static double millis(long nanos) {
		return Math.round(nanos / 1e4) / 100.0;
	}

}
