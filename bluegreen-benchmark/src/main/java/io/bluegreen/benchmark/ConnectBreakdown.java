package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

/**
 * Where the time of a Kafka Connect switch goes, from the request to the new connector's
 * first record, part by part. The parts follow one another, so for one switch they add up
 * to the whole.
 *
 * @param scenario the scenario
 * @param groupProtocol the group protocol of the sink connectors' consumers
 * @param initialRebalanceDelayMillis the broker's
 * {@code group.initial.rebalance.delay.ms}
 * @param brokerSettings the broker settings that differ from the embedded broker's
 * defaults
 * @param switches how many switches the figures come from
 * @param parts each part: p50, p99, max
 * @param toFirstRecordMillis from the request to the new connector's first record
 * @param requestToRunningMillis from the request until the switch returned, every task of
 * the new connector RUNNING
 * @author bluegreen
 */
public record ConnectBreakdown(String scenario, String groupProtocol, int initialRebalanceDelayMillis,
		Map<String, String> brokerSettings, int switches, List<Part> parts, Percentiles toFirstRecordMillis,
		Percentiles requestToRunningMillis) {

	private static final List<Bounds> PARTS = List.of(new Bounds("check", "request", "both connectors read"),
			new Bounds("stop", "both connectors read", "the old connector STOPPED with no task"),
			new Bounds("read offsets", "old connector stopped", "its offsets read"),
			new Bounds("write offsets", "its offsets read", "written to the new connector"),
			new Bounds("verify offsets", "written", "read back from both and compared"),
			new Bounds("resume to task start", "offsets verified", "the first task of the new connector started"),
			new Bounds("group join", "first task started", "its consumer assigned partitions"),
			new Bounds("first fetch", "partitions assigned", "the first record delivered to a task"));

	/**
	 * Split switches into their parts, each from the end of the one before: the switch's
	 * own steps, then the new connector's first task start after the offsets were
	 * verified, its first assignment after that, and its first record after the request.
	 * A moment that did not happen makes its part and the next one NaN.
	 * @param scenario the scenario
	 * @param groupProtocol the group protocol of the sink connectors' consumers
	 * @param initialRebalanceDelayMillis the broker's
	 * {@code group.initial.rebalance.delay.ms}
	 * @param brokerSettings the broker settings that differ from the embedded broker's
	 * defaults
	 * @param switches the switches
	 * @param events what the sink tasks did
	 * @param journal every record the connectors received
	 * @return the parts
	 */
	static ConnectBreakdown of(String scenario, String groupProtocol, int initialRebalanceDelayMillis,
			Map<String, String> brokerSettings, List<Switch> switches, TaskEvents events,
			List<Journal.Processed> journal) {
		List<List<Double>> parts = new ArrayList<>();
		PARTS.forEach((part) -> parts.add(new ArrayList<>()));
		List<Double> toFirstRecord = new ArrayList<>();
		List<Double> toRunning = new ArrayList<>();
		for (Switch done : switches) {
			long started = orMissing(events.first(done.to(), TaskEvents.Kind.STARTED, done.verifiedNanos()));
			long assigned = orMissing(events.first(done.to(), TaskEvents.Kind.ASSIGNED, started));
			long firstRecord = orMissing(journal.stream()
				.filter((record) -> record.color().equals(done.to()) && record.nanos() > done.requestedNanos())
				.mapToLong(Journal.Processed::nanos)
				.min());
			long[] moments = { done.requestedNanos(), done.checkedNanos(), done.stoppedNanos(), done.readNanos(),
					done.writtenNanos(), done.verifiedNanos(), started, assigned, firstRecord };
			for (int i = 0; i < parts.size(); i++) {
				parts.get(i).add(millis(moments[i], moments[i + 1]));
			}
			toFirstRecord.add(millis(done.requestedNanos(), firstRecord));
			toRunning.add(millis(done.requestedNanos(), done.returnedNanos()));
		}
		List<Part> measured = new ArrayList<>();
		for (int i = 0; i < PARTS.size(); i++) {
			Bounds bounds = PARTS.get(i);
			measured.add(new Part(bounds.name(), bounds.from(), bounds.to(), Percentiles.of(parts.get(i))));
		}
		return new ConnectBreakdown(scenario, groupProtocol, initialRebalanceDelayMillis, brokerSettings,
				switches.size(), measured, Percentiles.of(toFirstRecord), Percentiles.of(toRunning));
	}

	private static long orMissing(OptionalLong nanos) {
		return nanos.orElse(Long.MIN_VALUE);
	}

	private static double millis(long from, long to) {
		return (from == Long.MIN_VALUE || to == Long.MIN_VALUE) ? Double.NaN : (to - from) / 1e6;
	}

	/**
	 * One switch as the connector switch saw it ({@link System#nanoTime()}, or
	 * {@link Long#MIN_VALUE} for a step that did not end).
	 *
	 * @param to the color switched to
	 * @param requestedNanos when it was asked for
	 * @param returnedNanos when it returned
	 * @param checkedNanos when both connectors were read
	 * @param stoppedNanos when the old connector was stopped
	 * @param readNanos when its offsets were read
	 * @param writtenNanos when they were written to the new one
	 * @param verifiedNanos when they were read back and compared
	 */
	record Switch(String to, long requestedNanos, long returnedNanos, long checkedNanos, long stoppedNanos,
			long readNanos, long writtenNanos, long verifiedNanos) {

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
