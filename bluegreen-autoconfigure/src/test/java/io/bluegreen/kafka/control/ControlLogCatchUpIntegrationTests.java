package io.bluegreen.kafka.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catch-up of the control log completes with a view that holds every record written
 * before it was asked for, also while the reader waits in its long poll.
 */
class ControlLogCatchUpIntegrationTests {

	@Test
	void aCatchUpHoldsEveryRecordWrittenBeforeIt() throws Exception {
		String topic = EmbeddedBroker.uniqueName("control");
		String deployment = EmbeddedBroker.uniqueName("orders");
		Map<String, Object> connection = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				EmbeddedBroker.bootstrapServers());
		ControlRecordCodec codec = new ControlRecordCodec(deployment, JsonMapper.builder().build());
		KafkaControlLog log = new KafkaControlLog(connection,
				new ControlTopic(connection, topic, 1, 1, Duration.ofSeconds(30)), deployment, "reader", codec);
		log.start();
		try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
			assertThat(log.awaitReadable(Duration.ofSeconds(30))).isTrue();
			for (int i = 0; i < 20; i++) {
				// Written by another instance: the reader learns of it only by reading
				ControlRecord report = new ControlRecord.Report(new InstanceReport("writer", "blue",
						LifecycleState.ACTIVE, i, i, Map.of(), List.of(), List.of(), Map.of(), Instant.now()));
				producer.send(new ProducerRecord<>(topic, 0, codec.key(report), codec.value(report)))
					.get(30, TimeUnit.SECONDS);
				if (i % 2 == 1) {
					// The reader read it, and waits in its long poll again
					Thread.sleep(50);
				}

				FleetView view = log.caughtUp().get(30, TimeUnit.SECONDS);

				assertThat(view.reports().get("writer").epoch()).as("catch-up %d", i).isEqualTo(i);
			}
		}
		finally {
			log.stop();
		}
	}

}
