package io.bluegreen.integration.shawarma;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Http;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import io.bluegreen.test.RecordLog;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Shawarma sidecar's protocol, with requests shaped exactly like the sidecar's: a
 * {@code POST} of {@code {"status":"active"|"inactive","activeServices":[...]}} as
 * {@code application/json; charset=utf-8} to the state URL, on every change.
 */
class ShawarmaIntegrationTests {

	/**
	 * Post a state change as the sidecar does.
	 */
	private static HttpResponse<String> sidecarPost(Http http, String body, String... headers) {
		String[] all = new String[headers.length + 2];
		all[0] = "Content-Type";
		all[1] = "application/json; charset=utf-8";
		System.arraycopy(headers, 0, all, 2, headers.length);
		return http.post("/applicationstate", body, all);
	}

	private static final int PARTITIONS = 3;

	private static final String ACTIVE = "{\"status\":\"active\",\"activeServices\":[\"orders\"]}";

	private static final String INACTIVE = "{\"status\":\"inactive\",\"activeServices\":[]}";

	/**
	 * One instance, without fleet coordination, that starts paused as a pod does before
	 * its Service routes to it.
	 */
	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class SingleInstance {

		private ConfigurableApplicationContext app;

		private Http http;

		private Load load;

		@BeforeAll
		void start() {
			String topic = EmbeddedBroker.createTopic("shawarma", PARTITIONS);
			this.app = OrdersTestApplication.start(WebApplicationType.SERVLET, "test.topic=" + topic,
					"spring.kafka.consumer.group-id=" + EmbeddedBroker.uniqueName("shawarma"), "bluegreen.color=blue",
					"bluegreen.initial-state=PAUSED", "bluegreen.shawarma.enabled=true",
					"bluegreen.access.trust-loopback=true", "server.forward-headers-strategy=native");
			OrdersTestApplication.awaitBalanced(this.app, PARTITIONS);
			this.http = new Http(this.app);
			this.load = new Load(topic, PARTITIONS);
		}

		@AfterAll
		void stop() throws InterruptedException {
			this.load.close();
			this.app.close();
		}

		@Test
		void activeResumesAndInactiveDrainsWithEveryRecordProcessedOnce() throws InterruptedException {
			this.load.startContinuous(5);
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> records().count() == 0);
			assertThat(this.http.get("/applicationstate").body()).contains("\"status\":\"inactive\"",
					"\"state\":\"PAUSED\"");

			HttpResponse<String> activated = sidecarPost(this.http, ACTIVE);

			assertThat(activated.statusCode()).isEqualTo(200);
			assertThat(activated.body()).contains("\"status\":\"active\"", "\"state\":\"ACTIVE\"",
					"\"color\":\"blue\"");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records().count() > 50);

			HttpResponse<String> deactivated = sidecarPost(this.http, INACTIVE);

			assertThat(deactivated.statusCode()).isEqualTo(200);
			assertThat(deactivated.body()).contains("\"status\":\"inactive\"", "\"state\":\"PAUSED\"");
			int processed = records().count();
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(5))
				.until(() -> records().count() == processed);
			assertThat(this.http.get("/applicationstate").body()).contains("\"status\":\"inactive\"");

			this.load.stop();
			Map<TopicPartition, Long> end = this.load.endOffsets();
			assertThat(sidecarPost(this.http, ACTIVE).statusCode()).isEqualTo(200);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> records().nextOffsets().entrySet().containsAll(end.entrySet()));
			records().offsetsByPartition()
				.forEach((partition, offsets) -> assertThat(offsets).as("offsets of " + partition)
					.doesNotHaveDuplicates()
					.isSorted()
					.hasSize(end.get(partition).intValue()));
			assertThat(sidecarPost(this.http, INACTIVE).statusCode()).isEqualTo(200);
		}

		@ParameterizedTest
		@ValueSource(strings = { "{\"status\":\"standby\"}", "{\"activeServices\":[\"orders\"]}", "{\"status\":null}",
				"{}" })
		void anotherStatusIsRejectedWithTheAllowedValuesAndChangesNothing(String body) {
			HttpResponse<String> response = sidecarPost(this.http, body);

			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("allowed values: [active, inactive]")
				.contains("\"allowed\":[\"active\",\"inactive\"]");
			assertThat(this.app.getBean(LifecycleService.class).getState()).isEqualTo(LifecycleState.PAUSED);
		}

		@Test
		void aRemoteCallerCannotChangeTheState() {
			HttpResponse<String> response = sidecarPost(this.http, ACTIVE, "X-Forwarded-For", "203.0.113.9");

			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.body()).contains("no token is configured", "Forwarded");
			assertThat(this.app.getBean(LifecycleService.class).getState()).isEqualTo(LifecycleState.PAUSED);
		}

		private RecordLog records() {
			return this.app.getBean(RecordLog.class);
		}

	}

	/**
	 * A deployment under fleet coordination, where the pods of the color the Service
	 * routes to hear {@code active} and the others {@code inactive}.
	 */
	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class Fleet {

		private FleetInstances fleet;

		private Load load;

		@BeforeAll
		void start() {
			String topic = EmbeddedBroker.createTopic("shawarma-fleet", PARTITIONS);
			this.fleet = new FleetInstances(topic, "bluegreen.shawarma.enabled=true",
					"bluegreen.access.trust-loopback=true");
			this.load = new Load(topic, PARTITIONS);
			this.fleet.start(WebApplicationType.SERVLET, "blue-1", "blue");
			this.fleet.start(WebApplicationType.SERVLET, "green-1", "green");
			this.fleet.awaitReady(PARTITIONS);
		}

		@AfterAll
		void stop() throws InterruptedException {
			this.load.close();
			this.fleet.close();
		}

		@Test
		void activeOnTheNewColorSwitchesTheDeploymentAndInactiveFollows() throws InterruptedException {
			Http blue = new Http(this.fleet.get("blue-1"));
			Http green = new Http(this.fleet.get("green-1"));
			this.load.startContinuous(5);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> this.fleet.processedBy("blue") > 50);

			HttpResponse<String> activeBlue = sidecarPost(blue, INACTIVE);

			assertThat(activeBlue.statusCode()).as("the active color cannot pause on its own").isEqualTo(409);
			assertThat(activeBlue.body()).contains("it pauses when another color becomes active");
			assertThat(this.fleet.state("blue-1")).isEqualTo(LifecycleState.ACTIVE);

			HttpResponse<String> activated = sidecarPost(green, ACTIVE);

			assertThat(activated.statusCode()).isEqualTo(200);
			assertThat(activated.body()).contains("\"color\":\"green\"");
			assertThat(this.fleet.service("blue-1").status().active()).isEqualTo("green");
			// the new color resumes as soon as it reads the completed switch
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> green.get("/applicationstate").body().contains("\"status\":\"active\""));
			assertThat(this.fleet.state("blue-1")).isEqualTo(LifecycleState.PAUSED);
			HttpResponse<String> deactivated = sidecarPost(blue, INACTIVE);
			assertThat(deactivated.statusCode()).isEqualTo(200);
			assertThat(deactivated.body()).contains("\"status\":\"inactive\"");
			assertThat(sidecarPost(green, ACTIVE).statusCode()).as("repeated").isEqualTo(200);

			long blueProcessed = this.fleet.processedBy("blue");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> this.fleet.processedBy("green") > 50);
			assertThat(this.fleet.processedBy("blue")).isEqualTo(blueProcessed);
			this.load.stop();
			Map<TopicPartition, Long> end = this.load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> this.fleet.processed().size() >= end.values().stream().mapToLong(Long::longValue).sum());
			this.fleet.assertEveryRecordProcessedOnceInOrder(end);
		}

	}

}
