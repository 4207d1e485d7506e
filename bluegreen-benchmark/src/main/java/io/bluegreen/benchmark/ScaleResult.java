package io.bluegreen.benchmark;

import io.bluegreen.benchmark.ScenarioResult.Percentiles;

/**
 * bluegreen's fleet switch at one size of the fleet: instances per color and partitions
 * of the topic.
 *
 * @param instancesPerColor instances of each color
 * @param partitions partitions of the topic
 * @param startSeconds from starting every instance, in parallel, until the fleet saw them
 * all
 * @param heapUsedMegabytes heap used by the whole JVM once every instance ran, after a
 * garbage collection: the broker, the producer and the instances
 * @param threads live threads of the JVM at the same time
 * @param firstRequestMillis the warm-up switch, the fleet's first under load: from the
 * request until it completed
 * @param firstToFirstRecordMillis the same switch, from the request to the new color's
 * first record
 * @param switches switches after it, under load
 * @param requestMillis those switches, from each request until it completed
 * @param toFirstRecordMillis those switches, from each request to the new color's first
 * record
 * @param switchingSeconds how long those switches' requests were counted: from the first
 * request to the last switch's first record and its dwell
 * @param switchingControlPlaneRequestsPerSecondPerInstance requests per second and
 * instance during those switches of the fleet's clients other than the listeners'
 * consumers: the control topic's clients, the offset handover's producer, Admin clients
 * @param switchingListenerRequestsPerSecondPerInstance the same of the listeners'
 * consumers, which fetch the load
 * @param idleSeconds how long the idle fleet's requests were counted, with nothing
 * produced
 * @param idleControlPlaneRequestsPerSecondPerInstance requests per second and instance of
 * the idle fleet's clients other than the listeners' consumers
 * @param idleListenerRequestsPerSecondPerInstance the same of the listeners' consumers
 * @param produced records produced
 * @param lost records produced but not processed by the end of the point
 * @param duplicates records processed more than once, counted once per extra processing
 * @param pointSeconds how long the point took, from creating its topic to the end of the
 * idle count, without closing the instances
 * @param requestsPerSwitch the requests one switch sends to the broker, the mean of the
 * switches after the warm-up one
 * @author bluegreen
 */
public record ScaleResult(int instancesPerColor, int partitions, double startSeconds, long heapUsedMegabytes,
		int threads, double firstRequestMillis, double firstToFirstRecordMillis, int switches,
		Percentiles requestMillis, Percentiles toFirstRecordMillis, double switchingSeconds,
		double switchingControlPlaneRequestsPerSecondPerInstance, double switchingListenerRequestsPerSecondPerInstance,
		double idleSeconds, double idleControlPlaneRequestsPerSecondPerInstance,
		double idleListenerRequestsPerSecondPerInstance, long produced, long lost, long duplicates, double pointSeconds,
		RequestsPerSwitch requestsPerSwitch) {

}
