package io.bluegreen.benchmark;

import java.util.List;

/**
 * A group per color, switched by pausing the old color and resuming the new one, with no
 * offset handover: the new color continues wherever its own consumers stood.
 *
 * @author bluegreen
 */
class NaiveSeparateGroupsScenario extends Scenario {

	@Override
	String name() {
		return "separate-groups-naive";
	}

	@Override
	String description() {
		return "a group per color; pause the old color, resume the new one, no offset handover";
	}

	@Override
	void start() {
		startInstances("blue", List.of("spring.kafka.consumer.group-id=orders-naive-blue"));
		startInstances("green", List.of("spring.kafka.consumer.group-id=orders-naive-green",
				"spring.kafka.consumer.auto-offset-reset=latest", "bluegreen.initial-state=PAUSED"));
	}

	@Override
	void switchTo(String color) {
		pauseThenResume(color);
	}

}
