package io.bluegreen.benchmark;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.bluegreen.lifecycle.LifecycleService;

/**
 * Both colors in one consumer group, as without bluegreen's fleet: the inactive one
 * paused through its listener containers (here with bluegreen's per-instance lifecycle,
 * which drains properly). The paused members keep their share of the partitions.
 *
 * @author bluegreen
 */
class SharedGroupScenario extends Scenario {

	@Override
	String name() {
		return "shared-group";
	}

	@Override
	String description() {
		return "both colors in one group; pause the old color's containers, then resume the new color's";
	}

	@Override
	void start() {
		startInstances("blue", List.of("spring.kafka.consumer.group-id=orders-shared"));
		startInstances("green",
				List.of("spring.kafka.consumer.group-id=orders-shared", "bluegreen.initial-state=PAUSED"));
	}

	@Override
	void switchTo(String color) {
		pauseThenResume(color);
	}

	@Override
	int unprocessedPartitionsWhileBothUp() {
		// Once the group has balanced: the paused green members hold their share
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (assignedTo("green") == 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		return assignedTo("green");
	}

	private int assignedTo(String color) {
		return instancesOf(color).stream()
			.map((id) -> instance(id).getBean(LifecycleService.class).status())
			.flatMap((status) -> status.listeners().stream())
			.mapToInt((listener) -> listener.assignedPartitions().size())
			.sum();
	}

}
