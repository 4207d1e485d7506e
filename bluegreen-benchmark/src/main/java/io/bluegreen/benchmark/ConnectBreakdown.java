package io.bluegreen.benchmark;

import java.util.List;
import java.util.Map;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

/**
 * Where the time of a Kafka Connect switch goes, from the request to the new connector's
 * first record, part by part. The parts follow one another, so for one switch they add up
 * to the whole.
 *
 * @param scenario the scenario
 * @param groupProtocol the group protocol of the sink connectors' consumers
 * @param initialRebalanceDelayMillis the broker's {@code group.initial.rebalance.delay.ms}
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
		Map<String, String> brokerSettings, int switches,
		List<Part> parts, Percentiles toFirstRecordMillis, Percentiles requestToRunningMillis) {

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
