package io.bluegreen.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.lifecycle.LifecycleState;

/**
 * Where the time of a fleet switch goes, from the request to the new color's first
 * record, part by part: from the instances' lifecycle transitions, the records they
 * processed and what the switch's coordinator reported. The parts follow one another, so
 * for one switch they add up to the whole.
 *
 * @param scenario the scenario
 * @param switches how many switches the figures come from
 * @param parts each part: p50, p99, max
 * @param toFirstRecordMillis from the request to the new color's first record
 * @param laterToFirstRecordMillis the same without the first switch to each color, whose
 * first record may wait for what the application creates on its first record, such as its
 * transactional producers
 * @author bluegreen
 */
public record FleetSwitchBreakdown(String scenario, int switches, List<Part> parts, Percentiles toFirstRecordMillis,
		Percentiles laterToFirstRecordMillis) {

	private static final List<Bounds> PARTS = List.of(
			new Bounds("pause reaches the old color", "request", "every instance of the old color draining"),
			new Bounds("records already handed over", "draining",
					"the old color's last record processed, each in a transaction of its own if transactional"),
			new Bounds("drain proof", "last record processed", "every instance of the old color PAUSED"),
			new Bounds("confirmation", "PAUSED", "the coordinator saw every instance and member confirm"),
			new Bounds("handover", "confirmed", "offsets copied, readable, the new color recorded as active"),
			new Bounds("resume reaches the new color", "recorded", "the first instance of the new color ACTIVE"),
			new Bounds("first record", "ACTIVE", "the new color's first record processed"));

	/**
	 * Split switches into their parts. Each moment is the latest of the old color's
	 * instances (the switch waits for the slowest) and the earliest of the new color's,
	 * after the request. A moment that did not happen makes its part and the next one
	 * NaN.
	 * @param scenario the scenario
	 * @param switches the switches
	 * @param journal the records and transitions of the instances
	 * @return the parts
	 */
	static FleetSwitchBreakdown of(String scenario, List<Switch> switches, Journal journal) {
		List<Journal.Processed> processed = journal.all();
		List<Journal.Transition> transitions = journal.transitions();
		List<List<Double>> parts = new ArrayList<>();
		PARTS.forEach((part) -> parts.add(new ArrayList<>()));
		List<Double> toFirstRecord = new ArrayList<>();
		for (Switch done : switches) {
			String from = Scenario.other(done.to());
			long requested = done.requestedNanos();
			long draining = lastOfOldColor(transitions, from, requested,
					(transition) -> transition.from() == LifecycleState.ACTIVE);
			long paused = lastOfOldColor(transitions, from, requested,
					(transition) -> transition.to() == LifecycleState.PAUSED);
			long lastRecord = lastRecord(processed, from, requested, paused, draining);
			long confirmed = after(requested, done.pausedAfter());
			long completed = after(requested, done.completedAfter());
			long resumed = transitions.stream()
				.filter((transition) -> transition.color().equals(done.to()) && transition.nanos() > requested
						&& transition.to() == LifecycleState.ACTIVE)
				.mapToLong(Journal.Transition::nanos)
				.min()
				.orElse(Long.MIN_VALUE);
			long firstRecord = processed.stream()
				.filter((record) -> record.color().equals(done.to()) && record.nanos() > requested)
				.mapToLong(Journal.Processed::nanos)
				.min()
				.orElse(Long.MIN_VALUE);
			long[] moments = { requested, draining, lastRecord, paused, confirmed, completed, resumed, firstRecord };
			for (int i = 0; i < parts.size(); i++) {
				parts.get(i).add(millis(moments[i], moments[i + 1]));
			}
			toFirstRecord.add(millis(requested, firstRecord));
		}
		List<Part> measured = new ArrayList<>();
		for (int i = 0; i < PARTS.size(); i++) {
			Bounds bounds = PARTS.get(i);
			measured.add(new Part(bounds.name(), bounds.from(), bounds.to(), Percentiles.of(parts.get(i))));
		}
		return new FleetSwitchBreakdown(scenario, switches.size(), measured, Percentiles.of(toFirstRecord),
				Percentiles.of(toFirstRecord.subList(Math.min(2, toFirstRecord.size()), toFirstRecord.size())));
	}

	/**
	 * The latest, over the old color's instances, of each one's first transition of a
	 * kind after the request.
	 */
	private static long lastOfOldColor(List<Journal.Transition> transitions, String from, long requested,
			Predicate<Journal.Transition> kind) {
		return transitions.stream()
			.filter((transition) -> transition.color().equals(from) && transition.nanos() > requested
					&& kind.test(transition))
			.collect(Collectors.toMap(Journal.Transition::instance, Journal.Transition::nanos, Math::min))
			.values()
			.stream()
			.mapToLong(Long::longValue)
			.max()
			.orElse(Long.MIN_VALUE);
	}

	/**
	 * The old color's last record before it was paused, and never before its drain
	 * started: records processed between the request and the drain count to the part
	 * before.
	 */
	private static long lastRecord(List<Journal.Processed> processed, String from, long requested, long paused,
			long draining) {
		if (draining == Long.MIN_VALUE) {
			return Long.MIN_VALUE;
		}
		long last = processed.stream()
			.filter((record) -> record.color().equals(from) && record.nanos() > requested
					&& (paused == Long.MIN_VALUE || record.nanos() <= paused))
			.mapToLong(Journal.Processed::nanos)
			.max()
			.orElse(draining);
		return Math.max(last, draining);
	}

	private static long after(long requested, @Nullable Duration duration) {
		return (duration != null) ? requested + duration.toNanos() : Long.MIN_VALUE;
	}

	private static double millis(long from, long to) {
		return (from == Long.MIN_VALUE || to == Long.MIN_VALUE) ? Double.NaN : (to - from) / 1e6;
	}

	/**
	 * Return the breakdown as lines of text, one per part.
	 * @return the lines
	 */
	List<String> lines() {
		List<String> lines = new ArrayList<>();
		lines.add(this.scenario + ", " + this.switches + " switches, ms p50 / p99 / max:");
		for (Part part : this.parts) {
			lines.add(String.format("  %-30s %8.1f / %8.1f / %8.1f", part.name(), part.millis().p50(),
					part.millis().p99(), part.millis().max()));
		}
		lines.add(String.format("  %-30s %8.1f / %8.1f / %8.1f", "request to first record",
				this.toFirstRecordMillis.p50(), this.toFirstRecordMillis.p99(), this.toFirstRecordMillis.max()));
		lines.add(String.format("  %-30s %8.1f / %8.1f / %8.1f", "the same, later switches",
				this.laterToFirstRecordMillis.p50(), this.laterToFirstRecordMillis.p99(),
				this.laterToFirstRecordMillis.max()));
		return lines;
	}

	/**
	 * One switch as the runner saw it ({@link System#nanoTime()}) and as its coordinator
	 * reported it.
	 *
	 * @param to the color switched to
	 * @param requestedNanos when it was asked for
	 * @param pausedAfter from the request until the old color confirmed, or {@code null}
	 * @param completedAfter from the request until the new color was recorded as active,
	 * or {@code null}
	 */
	record Switch(String to, long requestedNanos, @Nullable Duration pausedAfter, @Nullable Duration completedAfter) {

		static Switch of(String to, long requestedNanos, @Nullable SwitchResult result) {
			return new Switch(to, requestedNanos, (result != null) ? result.pausedAfter() : null,
					(result != null) ? result.completedAfter() : null);
		}

	}

	private record Bounds(String name, String from, String to) {

	}

	/**
	 * One part of a switch.
	 *
	 * @param name the part
	 * @param from the moment it starts
	 * @param to the moment it ends
	 * @param millis how long it took: p50, p99, max
	 */
	public record Part(String name, String from, String to, Percentiles millis) {

	}

}
