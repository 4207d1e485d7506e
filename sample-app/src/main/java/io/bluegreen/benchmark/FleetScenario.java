package io.bluegreen.benchmark;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;

/**
 * bluegreen's fleet switch: a group per color, one request, exact offset handover.
 *
 * @author bluegreen
 */
class FleetScenario extends Scenario {

	private int requests;

	@Override
	String name() {
		return "bluegreen";
	}

	@Override
	String description() {
		return "bluegreen fleet switch: POST {\"active\":color} to any instance";
	}

	@Override
	void start() {
		List<String> fleet = List.of("spring.kafka.consumer.group-id=orders", "bluegreen.fleet.enabled=true",
				"bluegreen.fleet.deployment=benchmark-" + topic(), "bluegreen.fleet.control-topic=bluegreen-" + topic(),
				"bluegreen.fleet.control-topic-replication-factor=1", "bluegreen.fleet.control-topic-min-insync-replicas=1");
		startInstances("blue", concat(fleet, "bluegreen.color=blue", "bluegreen.initial-state=ACTIVE"));
		startInstances("green", concat(fleet, "bluegreen.color=green", "bluegreen.initial-state=PAUSED"));
		FleetService service = instance(instancesOf("blue").get(0)).getBean(FleetService.class);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (service.status().instances().size() < 4) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The fleet did not see its four instances: " + service.status());
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
	}

	private static List<String> concat(List<String> list, String... more) {
		return Stream.concat(list.stream(), Stream.of(more)).toList();
	}

	@Override
	void switchTo(String color) {
		// Any instance of either color can take the request
		List<String> all = Stream.concat(instancesOf("blue").stream(), instancesOf("green").stream())
			.toList();
		String coordinator = all.get(this.requests++ % all.size());
		SwitchResult result = instance(coordinator).getBean(FleetService.class).switchTo(color);
		if (result.outcome() != SwitchOutcome.COMPLETED) {
			throw new IllegalStateException("Switch to " + color + " did not complete: " + result + "; fleet: "
					+ instance(coordinator).getBean(FleetService.class).status());
		}
	}

}
