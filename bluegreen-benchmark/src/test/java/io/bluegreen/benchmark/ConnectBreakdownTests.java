package io.bluegreen.benchmark;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Connect switch split into its parts, on events whose times are known: each part
 * starts where the one before ended, only the new connector's events after the steps
 * count, and the parts add up to the request to first record.
 */
class ConnectBreakdownTests {

	private static final long MS = 1_000_000L;

	private static final long T0 = 1_000 * MS;

	@Test
	void partsFollowOneAnotherAndAddUpToTheFirstRecord() {
		TaskEvents events = new TaskEvents();
		// green's tasks of an earlier run, and blue's, are not this switch's
		events.add("green", TaskEvents.Kind.STARTED, T0 - 500 * MS);
		events.add("green", TaskEvents.Kind.ASSIGNED, T0 - 400 * MS);
		events.add("blue", TaskEvents.Kind.STARTED, T0 + 120 * MS);
		events.add("green", TaskEvents.Kind.STARTED, T0 + 150 * MS);
		events.add("green", TaskEvents.Kind.STARTED, T0 + 155 * MS);
		events.add("green", TaskEvents.Kind.ASSIGNED, T0 + 3_150 * MS);
		events.add("green", TaskEvents.Kind.ASSIGNED, T0 + 3_151 * MS);
		List<Journal.Processed> journal = List.of(new Journal.Processed(0, 7, "green", "g", T0 - 300 * MS),
				new Journal.Processed(0, 8, "blue", "b", T0 + 5 * MS),
				new Journal.Processed(1, 4, "green", "g", T0 + 3_170 * MS),
				new Journal.Processed(0, 9, "green", "g", T0 + 3_160 * MS));
		ConnectBreakdown.Switch done = new ConnectBreakdown.Switch("green", T0, T0 + 400 * MS, T0 + 10 * MS,
				T0 + 60 * MS, T0 + 70 * MS, T0 + 90 * MS, T0 + 100 * MS);

		ConnectBreakdown breakdown = ConnectBreakdown.of("connect", "classic", 3000, Map.of(), List.of(done), events,
				journal);

		assertThat(breakdown.parts()).extracting(ConnectBreakdown.Part::name)
			.containsExactly("check", "stop", "read offsets", "write offsets", "verify offsets", "resume to task start",
					"group join", "first fetch");
		assertThat(breakdown.parts()).extracting((part) -> part.millis().p50())
			.containsExactly(10.0, 50.0, 10.0, 20.0, 10.0, 50.0, 3_000.0, 10.0);
		assertThat(breakdown.parts().stream().mapToDouble((part) -> part.millis().p50()).sum())
			.isEqualTo(breakdown.toFirstRecordMillis().p50())
			.isEqualTo(3_160.0);
		assertThat(breakdown.requestToRunningMillis().p50()).isEqualTo(400.0);
	}

	@Test
	void aNewConnectorThatNeverTookARecordLeavesItsLastPartsUnknown() {
		TaskEvents events = new TaskEvents();
		events.add("blue", TaskEvents.Kind.STARTED, T0 + 150 * MS);
		events.add("blue", TaskEvents.Kind.ASSIGNED, T0 + 200 * MS);
		ConnectBreakdown.Switch done = new ConnectBreakdown.Switch("green", T0, T0 + 400 * MS, T0 + 10 * MS,
				T0 + 60 * MS, T0 + 70 * MS, T0 + 90 * MS, T0 + 100 * MS);

		ConnectBreakdown breakdown = ConnectBreakdown.of("connect", "classic", 3000, Map.of(), List.of(done), events,
				List.of(new Journal.Processed(0, 1, "blue", "b", T0 + 300 * MS)));

		assertThat(breakdown.parts().get(4).millis().p50()).isEqualTo(10.0);
		assertThat(breakdown.parts().subList(5, 8)).allSatisfy((part) -> assertThat(part.millis().p50()).isNaN());
		assertThat(breakdown.toFirstRecordMillis().p50()).isNaN();
	}

}
