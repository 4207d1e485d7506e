package io.bluegreen.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fleet switches of a deployment with two instances per color, on the embedded broker,
 * under continuous load, with every record accounted for.
 */
class FleetSwitchIntegrationTests {

	private static final int PARTITIONS = 6;

	@Test
	void switchesBackAndForthUnderLoadWithoutLossDuplicateOrOverlap() throws Exception {
		String topic = EmbeddedBroker.createTopic("fleet", PARTITIONS);
		try (FleetInstances fleet = new FleetInstances(topic); Load load = new Load(topic, PARTITIONS)) {
			startTwoPerColor(fleet);
			load.startContinuous(1);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);
			assertThat(fleet.processedBy("green")).isZero();

			int switches = 10;
			List<Long> toFirstRecord = new ArrayList<>();
			for (int i = 0; i < switches; i++) {
				String to = (i % 2 == 0) ? "green" : "blue";
				long before = fleet.processedBy(to);
				long requested = System.nanoTime();
				SwitchResult result = fleet.service((i % 3 == 0) ? "blue-1" : "green-2").switchTo(to);
				assertThat(result.outcome()).as(result.toString()).isEqualTo(SwitchOutcome.COMPLETED);
				await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy(to) > before + 10);
				long first = fleet.processed()
					.stream()
					.filter((record) -> record.color().equals(to) && record.nanos() > requested)
					.mapToLong(FleetInstances.Processed::nanos)
					.min()
					.orElseThrow();
				toFirstRecord.add(Duration.ofNanos(first - requested).toMillis());
			}
			load.stop();
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets()));
			assertThat(fleet.colorChanges()).isEqualTo(switches);
			System.out.println("Request to the new color's first record (ms): " + toFirstRecord);
		}
	}

	private static void startTwoPerColor(FleetInstances fleet) {
		fleet.start("blue-1", "blue");
		fleet.start("blue-2", "blue", "test.concurrency=1");
		fleet.start("green-1", "green");
		fleet.start("green-2", "green", "test.concurrency=1");
		fleet.awaitBalanced("blue", PARTITIONS);
		fleet.awaitBalanced("green", PARTITIONS);
		assertThat(fleet.state("green-1")).isEqualTo(LifecycleState.PAUSED);
		assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.ACTIVE);
	}

}
