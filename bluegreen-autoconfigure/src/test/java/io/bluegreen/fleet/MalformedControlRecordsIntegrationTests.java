package io.bluegreen.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records a mistaken tool might write to the control topic, under the deployment's own
 * keys, while a 1+1 fleet runs: none of them stops the fleet or changes its state.
 * Before, a {@code null} value or a missing field threw on the control log's reader
 * thread, which died: the next switch timed out, green consumed none of the new records,
 * and a restarted blue instance stayed paused; a forged decision made green active at
 * once.
 * <p>
 * Both group protocols at the same time, each fleet with its own topic, deployment and
 * control topic.
 */
@ParameterizedClass(name = "group.protocol={0}")
@ValueSource(strings = { "classic", "consumer" })
@Execution(ExecutionMode.CONCURRENT)
class MalformedControlRecordsIntegrationTests {

	private static final int PARTITIONS = 4;

	@Parameter
	String protocol;

	@Test
	void malformedRecordsAreSkippedAndTheFleetStillSwitchesAndRestarts() throws Exception {
		String topic = EmbeddedBroker.createTopic("malformed", PARTITIONS);
		try (FleetInstances fleet = new FleetInstances(topic,
				"spring.kafka.consumer.properties.group.protocol=" + this.protocol,
				"bluegreen.fleet.switch-timeout=8s"); Load load = new Load(topic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			fleet.start("green-1", "green");
			fleet.awaitReady(PARTITIONS);
			load.send(100);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 100);

			List<ProducerRecord<String, String>> garbage = garbage(fleet);
			try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
				for (ProducerRecord<String, String> record : garbage) {
					producer.send(record).get(30, TimeUnit.SECONDS);
				}
			}
			load.send(100);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 200);
			assertThat(fleet.processedBy("green")).as("records green processed after the garbage").isZero();
			assertThat(fleet.service("green-1").status().active()).isEqualTo("blue");

			SwitchResult toGreen = fleet.service("green-1").switchTo("green");
			assertThat(toGreen.outcome()).as(toGreen.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			load.send(300);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") == 300);

			// Compaction keeps the garbage: a restarted instance reads it again
			fleet.stop("blue-1");
			fleet.start("blue-1", "blue");
			assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
			fleet.awaitReady(PARTITIONS);
			SwitchResult toBlue = fleet.service("blue-1").switchTo("blue");
			assertThat(toBlue.outcome()).as(toBlue.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			load.send(100);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") == 300);

			load.stop();
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets()));
			assertThat(fleet.processedBy("green")).isEqualTo(300);
			assertThat(fleet.colorChanges()).isEqualTo(2);
			for (String instance : List.of("blue-1", "green-1")) {
				Map<String, Long> refused = fleet.service(instance).status().refusedRecords();
				assertThat(refused.values().stream().mapToLong(Long::longValue).sum())
					.as("records refused by " + instance + ": " + refused)
					.isGreaterThanOrEqualTo(garbage.size());
			}
		}
	}

	/**
	 * Records under the deployment's keys that no instance of it wrote.
	 */
	private static List<ProducerRecord<String, String>> garbage(FleetInstances fleet) {
		String topic = fleet.controlTopic();
		String deployment = fleet.deployment();
		String now = Instant.now().toString();
		String switchWithoutDeadline = "{\"id\":\"s-forged\",\"from\":\"blue\",\"to\":\"green\",\"epoch\":2,"
				+ "\"coordinator\":\"ghost\",\"startedAt\":\"" + now + "\"}";
		List<ProducerRecord<String, String>> records = new ArrayList<>();
		records.add(record(topic, "proposal/" + deployment + "/null-value", "null"));
		records.add(record(topic, "decided/" + deployment + "/2", "null"));
		records.add(record(topic, "instance/" + deployment + "/null-report", "null"));
		records.add(record(topic, "proposal/" + deployment + "/empty", "{}"));
		records.add(record(topic, "decided/" + deployment + "/3", "{\"version\":3}"));
		records.add(record(topic, "instance/" + deployment + "/ghost", "{\"instanceId\":\"ghost\"}"));
		records.add(record(topic, "proposal/" + deployment + "/no-deadline",
				"{\"proposalId\":\"no-deadline\",\"version\":2,\"active\":\"blue\",\"epoch\":1,\"switchInProgress\":"
						+ switchWithoutDeadline + ",\"handover\":{},\"writer\":\"ghost\",\"writtenAt\":\"" + now
						+ "\"}"));
		records.add(record(topic, "proposal/" + deployment + "/text", "not json at all"));
		records.add(record(topic, "decided/" + deployment + "/4", "x".repeat(200 * 1024)));
		records.add(record(topic, "proposal/" + deployment + "/numbers",
				"{\"proposalId\":\"numbers\",\"version\":\"two\",\"active\":7,\"epoch\":[]}"));
		// Well-formed, but not a state the log allows: green active at once, no switch
		records.add(record(topic, "decided/" + deployment + "/2",
				"{\"proposalId\":\"forged\",\"version\":2,\"active\":\"green\",\"epoch\":2,\"handover\":{},"
						+ "\"writer\":\"ghost\",\"writtenAt\":\"" + now + "\"}"));
		records.add(record(topic, "proposal/" + deployment + "/forged-proposal",
				"{\"proposalId\":\"forged-proposal\",\"version\":2,\"active\":\"green\",\"epoch\":2,\"handover\":{},"
						+ "\"writer\":\"ghost\",\"writtenAt\":\"" + now + "\"}"));
		// A report under another instance's key
		records.add(record(topic, "instance/" + deployment + "/green-9",
				"{\"instanceId\":\"green-1\",\"color\":\"green\",\"state\":\"ACTIVE\",\"epoch\":1,\"version\":1,"
						+ "\"reportedAt\":\"" + now + "\"}"));
		return records;
	}

	private static ProducerRecord<String, String> record(String topic, String key, String value) {
		return new ProducerRecord<>(topic, 0, key, value);
	}

}
