package io.bluegreen.benchmark;

import java.util.List;

/**
 * What a recreate or rolling deploy does: stop the old color's consumers, start the new
 * color's in the same group.
 *
 * @author bluegreen
 */
class RecreateScenario extends Scenario {

	private static final List<String> PROPERTIES = List.of("spring.kafka.consumer.group-id=orders-recreate",
			"bluegreen.enabled=false");

	@Override
	String name() {
		return "recreate";
	}

	@Override
	String description() {
		return "stop the old color's consumers, start the new color's in the same group";
	}

	@Override
	void start() {
		startInstances("blue", PROPERTIES);
	}

	@Override
	void switchTo(String color) {
		stopInstances(other(color));
		startInstances(color, PROPERTIES);
	}

}
