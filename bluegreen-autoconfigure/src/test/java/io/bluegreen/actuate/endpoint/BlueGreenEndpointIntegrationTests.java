package io.bluegreen.actuate.endpoint;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Http;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import io.bluegreen.test.RecordLog;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code bluegreen} actuator endpoint, health and Prometheus output over real HTTP,
 * with a real broker behind them.
 */
class BlueGreenEndpointIntegrationTests {

	private static final int PARTITIONS = 4;

	private static final String TOKEN = "s3cret";

	private static ConfigurableApplicationContext app;

	private static String topic;

	@BeforeAll
	static void startApplication() {
		topic = EmbeddedBroker.createTopic("http", PARTITIONS);
		app = OrdersTestApplication.start(WebApplicationType.SERVLET, "test.topic=" + topic,
				"spring.kafka.consumer.group-id=" + EmbeddedBroker.uniqueName("orders"), "bluegreen.color=blue",
				"bluegreen.access.token=" + TOKEN);
		OrdersTestApplication.awaitBalanced(app, PARTITIONS);
	}

	@AfterEach
	void resume() throws Exception {
		assertThat(post("/actuator/bluegreen", "{\"state\":\"ACTIVE\"}").statusCode()).isEqualTo(200);
	}

	@AfterAll
	static void stopApplication() {
		app.close();
	}

	@Test
	void getDescribesStateColorAndListeners() throws Exception {
		HttpResponse<String> response = get("/actuator/bluegreen");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"state\":\"ACTIVE\"", "\"color\":\"blue\"", "\"since\":",
				"\"listeners\":[", "\"id\":\"orders\"", "\"groupId\":\"orders-", "\"pauseRequested\":false",
				"\"consumerPaused\":false", "\"assignedPartitions\":[\"" + topic + "-0\"", "\"pausedPartitions\":[]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"state\":\"DRAINING\"}", "{\"state\":\"STOPPED\"}", "{\"state\":\"\"}", "{}",
			"{\"state\":null}" })
	void invalidStateIsRejectedWithTheAllowedValuesAndChangesNothing(String body) throws Exception {
		HttpResponse<String> response = post("/actuator/bluegreen", body);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response.body()).at("/detail").asString()).contains("allowed values: ACTIVE, PAUSED");
		assertThat(response.body()).contains("\"allowed\":[\"ACTIVE\",\"PAUSED\"]");
		assertThat(lifecycle().getState()).isEqualTo(LifecycleState.ACTIVE);
		assertThat(lifecycle().status().listeners())
			.allSatisfy((listener) -> assertThat(listener.pauseRequested()).isFalse());
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"state\":", "not json", "[\"PAUSED\"]", "{\"status\":\"PAUSED\"}" })
	void malformedJsonIsRejectedAndChangesNothing(String body) throws Exception {
		HttpResponse<String> response = post("/actuator/bluegreen", body);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response.body()).at("/detail").asString()).isNotBlank();
		assertThat(lifecycle().getState()).isEqualTo(LifecycleState.ACTIVE);
	}

	@Test
	void pauseAndResumeThroughTheEndpointWithRecordAccounting() throws Exception {
		try (Load load = new Load(topic, PARTITIONS)) {
			load.startContinuous(2);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records().count() > 50);

			HttpResponse<String> paused = post("/actuator/bluegreen", "{\"state\":\"paused\"}");

			assertThat(paused.statusCode()).isEqualTo(200);
			assertThat(paused.body()).contains("\"state\":\"PAUSED\"", "\"outcome\":\"COMPLETED\"",
					"\"consumerPaused\":true");
			int processed = records().count();
			JsonNode health = json(get("/actuator/health").body()).at("/components/bluegreen");
			assertThat(health.at("/status").asString()).isEqualTo("UP");
			assertThat(health.at("/details/state").asString()).isEqualTo("PAUSED");
			assertThat(get("/actuator/prometheus").body())
				.contains("bluegreen_lifecycle_state{color=\"blue\",state=\"PAUSED\"} 1")
				.contains("bluegreen_lifecycle_state{color=\"blue\",state=\"ACTIVE\"} 0")
				.contains("bluegreen_lifecycle_transitions_total{color=\"blue\",from=\"DRAINING\",to=\"PAUSED\"}")
				.contains("bluegreen_lifecycle_drain_seconds_count{color=\"blue\",outcome=\"completed\"}");
			await().during(java.time.Duration.ofMillis(500)).until(() -> records().count() == processed);

			HttpResponse<String> resumed = post("/actuator/bluegreen", "{\"state\":\"ACTIVE\"}");

			assertThat(resumed.statusCode()).isEqualTo(200);
			assertThat(resumed.body()).contains("\"state\":\"ACTIVE\"");
			load.stop();
			Map<?, Long> end = load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> records().nextOffsets().entrySet().containsAll(end.entrySet()));
			records().offsetsByPartition()
				.forEach((partition, offsets) -> assertThat(offsets)
					.as("each offset of " + partition + " once, in order")
					.doesNotHaveDuplicates()
					.isSorted());
		}
	}

	@Test
	void concurrentRequestsAreSerializedAndEndInTheLastRequestedState() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String state = (i % 2 == 0) ? "PAUSED" : "ACTIVE";
				responses.add(executor.submit(() -> post("/actuator/bluegreen", "{\"state\":\"" + state + "\"}")));
			}
			for (Future<HttpResponse<String>> response : responses) {
				// 409: a pause cancelled by a later resume
				assertThat(response.get().statusCode()).isIn(200, 409);
			}
		}
		finally {
			executor.shutdown();
		}
		HttpResponse<String> paused = post("/actuator/bluegreen", "{\"state\":\"PAUSED\"}");
		assertThat(paused.statusCode()).isEqualTo(200);
		assertThat(lifecycle().getState()).isEqualTo(LifecycleState.PAUSED);
		HttpResponse<String> again = post("/actuator/bluegreen", "{\"state\":\"PAUSED\"}");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(post("/actuator/bluegreen", "{\"state\":\"ACTIVE\"}").statusCode()).isEqualTo(200);
		assertThat(lifecycle().getState()).isEqualTo(LifecycleState.ACTIVE);
	}

	private static JsonNode json(String body) {
		return JsonMapper.builder().build().readTree(body);
	}

	private static LifecycleService lifecycle() {
		return app.getBean(LifecycleService.class);
	}

	private static RecordLog records() {
		return app.getBean(RecordLog.class);
	}

	private static HttpResponse<String> get(String path) {
		return new Http(app).get(path);
	}

	private static HttpResponse<String> post(String path, String body) {
		return new Http(app).post(path, body, "Authorization", "Bearer " + TOKEN);
	}

}
