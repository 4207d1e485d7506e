package io.bluegreen.benchmark;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How the benchmark waits for what it measures: for a condition, for every produced
 * record to be processed, for a new color's first record.
 *
 * @author bluegreen
 */
final class Waits {

	private Waits() {
	}

	/**
	 * Switch, and wait up to 10 s for the new color's first record.
	 * @param scenario the scenario to switch
	 * @param journal its journal
	 * @param to the color to switch to
	 * @return the switch
	 */
	static Accounting.Switch switchAndAwaitFirstRecord(Scenario scenario, Journal journal, String to) {
		long requested = System.nanoTime();
		scenario.switchTo(to);
		long returned = System.nanoTime();
		await(() -> journal.lastProcessedNanos(to) > requested, 10, false);
		return new Accounting.Switch(to, requested, returned);
	}

	/**
	 * Wait until every produced record was processed, or nothing was processed for 10 s.
	 * @param journal what was processed
	 * @param sent how many records were produced
	 */
	static void awaitQuiet(Journal journal, Supplier<Long> sent) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		int last = -1;
		long quietSince = System.nanoTime();
		while (System.nanoTime() < deadline) {
			List<Journal.Processed> all = journal.all();
			long distinct = all.stream().map((r) -> r.partition() + ":" + r.offset()).distinct().count();
			if (distinct >= sent.get()) {
				return;
			}
			if (all.size() != last) {
				last = all.size();
				quietSince = System.nanoTime();
			}
			// longer than a consumer group protocol
			// member waits for its next heartbeat (5 s)
			else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(10)) {
				return;
			}
			pause(100);
		}
	}

	/**
	 * Wait for a condition.
	 * @param condition the condition
	 * @param seconds how long to wait at most
	 * @param required whether not meeting it in time is an error rather than a result
	 */
	static void await(BooleanSupplier condition, int seconds, boolean required) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				if (required) {
					throw new IllegalStateException("Condition not met within " + seconds + " s");
				}
				return;
			}
			pause(5);
		}
	}

	static void pause(long millis) {
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}
