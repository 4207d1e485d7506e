package io.bluegreen.integration.flagger;

import java.net.http.HttpResponse;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Gate;
import io.bluegreen.test.Http;
import io.bluegreen.test.Load;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Flagger's webhooks, with requests shaped exactly like Flagger's: a {@code POST} of
 * {@code {"name","namespace","phase","checksum","metadata"}} as {@code application/json},
 * where a status of 200 to 202 means success. Flagger runs in another pod, so its
 * requests arrive from a remote address (named by {@code X-Forwarded-For}, as behind a
 * proxy) and carry the token as metadata.
 */
class FlaggerWebhookIntegrationTests {

	private static final int PARTITIONS = 3;

	private static FleetInstances fleet;

	private static Load load;

	private static Http blue;

	private static Http green;

	@BeforeAll
	static void startFleet() {
		String topic = EmbeddedBroker.createTopic("flagger", PARTITIONS);
		fleet = new FleetInstances(topic, "bluegreen.flagger.enabled=true", "bluegreen.access.token=s3cret",
				"server.forward-headers-strategy=native", "bluegreen.fleet.switch-timeout=3s");
		load = new Load(topic, PARTITIONS);
		blue = new Http(fleet.start(WebApplicationType.SERVLET, "blue-1", "blue"));
		green = new Http(fleet.start(WebApplicationType.SERVLET, "green-1", "green"));
		fleet.awaitReady(PARTITIONS);
	}

	@AfterAll
	static void stopFleet() throws Exception {
		load.close();
		fleet.close();
	}

	@Test
	void promotionRollbackAndTheirRefusals() throws Exception {
		load.startContinuous(5);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);

		// Nothing to roll back before any switch
		HttpResponse<String> noRollback = hook(blue, "rollback", "Progressing", "green", "");
		assertThat(noRollback.statusCode()).isEqualTo(409);
		assertThat(noRollback.body()).contains("no rollback");

		// The canary color is ready: its instance is live and paused
		HttpResponse<String> ready = hook(blue, "pre-rollout", "Progressing", "green", "");
		assertThat(ready.statusCode()).isEqualTo(200);
		assertThat(ready.body()).contains("color 'green'", "paused and ready", "green-1");

		// A promotion without the token, or with another one, changes nothing
		long version = version();
		HttpResponse<String> anonymous = hook(blue, "confirm-promotion", "Promoting", "green", "");
		HttpResponse<String> wrong = hook(blue, "confirm-promotion", "Promoting", "green", ",\"token\":\"guess\"");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(wrong.statusCode()).isEqualTo(403);
		assertThat(version()).isEqualTo(version);
		assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.ACTIVE);
		long blueBefore = fleet.processedBy("blue");
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > blueBefore + 10);
		assertThat(fleet.processedBy("green")).isZero();

		// The promotion switches the deployment; repeating it is safe
		HttpResponse<String> promoted = hook(blue, "confirm-promotion", "Promoting", "green", ",\"token\":\"s3cret\"");
		assertThat(promoted.statusCode()).isEqualTo(200);
		assertThat(promoted.body()).contains("switch to 'green' completed");
		assertThat(fleet.service("blue-1").status().active()).isEqualTo("green");
		HttpResponse<String> again = hook(green, "confirm-promotion", "Promoting", "green", ",\"token\":\"s3cret\"");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("unchanged");
		long greenBefore = fleet.processedBy("green");
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > greenBefore + 10);

		// A promotion back to blue that cannot complete, because green cannot drain,
		// aborts; the rollback hook then tells Flagger to roll back
		Gate gate = fleet.get("green-1").getBean(Gate.class);
		gate.close();
		try {
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> gate.waiting() > 0);
			HttpResponse<String> aborted = hook(green, "confirm-promotion", "Promoting", "blue",
					",\"token\":\"s3cret\"");
			assertThat(aborted.statusCode()).isEqualTo(503);
			assertThat(aborted.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(aborted.body()).contains("switch to 'blue' aborted", "green-1");
		}
		finally {
			gate.open();
		}
		HttpResponse<String> rollback = hook(blue, "rollback", "Progressing", "blue", "");
		assertThat(rollback.statusCode()).isEqualTo(200);
		assertThat(rollback.body()).contains("roll back", "'green' stays active");
		assertThat(fleet.service("blue-1").status().active()).isEqualTo("green");
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.state("green-1") == LifecycleState.ACTIVE);

		load.stop();
		Map<TopicPartition, Long> end = load.endOffsets();
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> fleet.processed().size() >= end.values().stream().mapToLong(Long::longValue).sum());
		fleet.assertEveryRecordProcessedOnceInOrder(end);
	}

	@Test
	void anUnknownColorIsRejectedWithTheAllowedValuesAndChangesNothing() {
		long version = version();
		for (String hook : new String[] { "pre-rollout", "confirm-promotion", "rollback" }) {
			HttpResponse<String> response = green.post("/flagger/" + hook,
					payload("Progressing", "\"color\":\"purple\",\"token\":\"s3cret\""), "X-Forwarded-For",
					"203.0.113.9");

			assertThat(response.statusCode()).as(hook).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("unknown color 'purple'", "allowed values of 'color': [blue, green]");
		}
		assertThat(version()).isEqualTo(version);
	}

	/**
	 * Call a webhook as Flagger does, from another pod.
	 */
	private static HttpResponse<String> hook(Http instance, String type, String phase, String color,
			String moreMetadata) {
		return instance.post("/flagger/" + type, payload(phase, "\"color\":\"" + color + "\"" + moreMetadata),
				"X-Forwarded-For", "203.0.113.9");
	}

	private static String payload(String phase, String metadata) {
		return "{\"name\":\"orders\",\"namespace\":\"test\",\"phase\":\"" + phase
				+ "\",\"checksum\":\"85d557f47b\",\"metadata\":{" + metadata + "}}";
	}

	private static long version() {
		return fleet.get("blue-1").getBean(ControlLog.class).view().desired().version();
	}

}
