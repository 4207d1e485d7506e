package io.bluegreen.benchmark;

import java.util.Map;

/**
 * The requests one fleet switch sends to the broker, from the request to the new color's
 * first record, the mean of several switches; for the listeners and by API, less the
 * requests of an equal stretch without a switch.
 *
 * @param controlPlane of the fleet's clients other than the listeners' consumers
 * @param controlPlanePerInstance the same per instance of the fleet (both colors)
 * @param coordinator of the control-plane clients of the instance that took the request
 * @param otherInstance of the control-plane clients of any other instance, on average
 * @param listeners of the listeners' consumers, as their pauses, resumes, commits and
 * fetches change with the switch
 * @param byKind by kind of client
 * @param byApi by API as the broker counted them, from every client, the benchmark's
 * producer included
 * @author bluegreen
 */
public record RequestsPerSwitch(double controlPlane, double controlPlanePerInstance, double coordinator,
		double otherInstance, double listeners, Map<String, Double> byKind, Map<String, Double> byApi) {

	static RequestsPerSwitch of(SwitchRequests.Counted counted, int instancesPerColor) {
		int instances = 2 * instancesPerColor;
		double controlPlane = counted.controlPlane();
		double others = (instances > 1) ? (controlPlane - counted.coordinator()) / (instances - 1) : 0;
		return new RequestsPerSwitch(controlPlane, controlPlane / instances, counted.coordinator(), others,
				counted.byKind().getOrDefault(SwitchRequests.LISTENERS, 0.0), counted.byKind(), counted.byApi());
	}

}
