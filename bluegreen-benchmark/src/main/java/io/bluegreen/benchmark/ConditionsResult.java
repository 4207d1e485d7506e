package io.bluegreen.benchmark;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

/**
 * bluegreen's fleet switch under one group protocol, in the conditions users meet: the
 * first switch of a fleet, switches under load, switches on an idle topic, and what an
 * idle fleet asks of the broker.
 *
 * @param groupProtocol the listeners' {@code group.protocol}: classic or consumer
 * @param firstToFirstRecordMillis the fleet's first switch after startup, under load:
 * from the request to the new color's first record
 * @param firstRequestMillis the same switch, from the request until it completed
 * @param busyToFirstRecordMillis the switches after it, under load: from each request to
 * the new color's first record
 * @param busyRequestMillis the same switches, from each request until it completed
 * @param idleRequestMillis switches with nothing produced, from each request until it
 * completed
 * @param idleSeconds how long the idle fleet's requests were counted
 * @param idleControlPlaneRequestsPerSecondPerInstance requests per second and instance of
 * the idle fleet's clients other than the listeners' consumers: the control topic's
 * clients, the offset handover's producer, Admin clients
 * @param idleListenerRequestsPerSecondPerInstance requests per second and instance of the
 * listeners' consumers of the idle fleet, for comparison
 * @author bluegreen
 */
public record ConditionsResult(String groupProtocol, double firstToFirstRecordMillis, double firstRequestMillis,
		Percentiles busyToFirstRecordMillis, Percentiles busyRequestMillis, Percentiles idleRequestMillis,
		double idleSeconds, double idleControlPlaneRequestsPerSecondPerInstance,
		double idleListenerRequestsPerSecondPerInstance) {

}
