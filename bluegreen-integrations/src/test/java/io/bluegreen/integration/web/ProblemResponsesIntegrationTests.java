package io.bluegreen.integration.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Http;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every bad request, sent to every HTTP surface (the actuator endpoint, the lifecycle
 * API, Shawarma, Flagger) of the active color's instance in a fleet under load, is
 * answered with an RFC 9457 problem that says what was wrong, and changes nothing: the
 * desired state keeps its version, blue stays active and keeps consuming, green processes
 * nothing.
 */
class ProblemResponsesIntegrationTests {

	private static final int PARTITIONS = 2;

	private static final String JSON = "application/json";

	/**
	 * The caller may change state, so that each request is refused for what is wrong in
	 * it, not for its credentials.
	 */
	private static final String TOKEN = "s3cret";

	private static final String AUTHORIZATION = "Authorization";

	private static final String BEARER = "Bearer " + TOKEN;

	private static final List<String> STATES = List.of("ACTIVE", "PAUSED");

	private static final List<String> COLORS = List.of("blue", "green");

	private static final List<String> ACTUATOR_TYPES = List.of("application/vnd.spring-boot.actuator.v3+json",
			"application/vnd.spring-boot.actuator.v2+json", "application/json");

	private static FleetInstances fleet;

	private static Load load;

	private static Http blue;

	@BeforeAll
	static void startFleet() {
		String topic = EmbeddedBroker.createTopic("problems", PARTITIONS);
		fleet = new FleetInstances(topic, "bluegreen.flagger.enabled=true", "bluegreen.shawarma.enabled=true",
				"bluegreen.access.token=" + TOKEN);
		load = new Load(topic, PARTITIONS);
		blue = new Http(fleet.start(WebApplicationType.SERVLET, "blue-1", "blue",
				"spring.main.sources=" + ApplicationController.class.getName()));
		fleet.start(WebApplicationType.SERVLET, "green-1", "green");
		fleet.awaitReady(PARTITIONS);
		load.startContinuous(5);
	}

	@AfterAll
	static void stopFleet() throws Exception {
		load.close();
		fleet.close();
	}

	static Stream<BadRequest> badRequests() {
		List<BadRequest> all = new ArrayList<>();
		// Each refusal of the actuator endpoint is unit-tested
		// (EndpointRequestFilterTests, LifecycleRequestTests,
		// BlueGreenEndpointWebExtensionTests); here one of each layer: the servlet check
		// of the body and of the content types the actuator reads, the endpoint's reading
		// of the request, and the fleet's colors
		String endpoint = "/actuator/bluegreen";
		all.add(new BadRequest("POST", endpoint, JSON, "{\"state\":\"PAUSED\",\"colour\":\"green\"}", 400,
				List.of("state", "active")));
		all.add(new BadRequest("POST", endpoint, "text/plain", "{\"state\":\"PAUSED\"}", 415, ACTUATOR_TYPES));
		all.add(new BadRequest("POST", endpoint, JSON, "{\"state\":\"STOPPED\"}", 400, STATES));
		all.add(new BadRequest("POST", endpoint, JSON, "{\"active\":\"purple\"}", 400, COLORS));

		all.add(new BadRequest("POST", "/lifecycle/pause", JSON, "{\"state\":", 400, null));
		all.add(new BadRequest("POST", "/lifecycle/pause", JSON, "{\"state\":\"PAUSED\"}", 400, List.of()));
		all.add(new BadRequest("POST", "/lifecycle/pause", null, "{}", 415, List.of(JSON)));
		all.add(new BadRequest("POST", "/lifecycle/pause", "text/plain", "pause", 415, List.of(JSON)));
		all.add(new BadRequest("POST", "/lifecycle/stop", JSON, "", 404, List.of("pause", "resume", "status")));
		all.add(new BadRequest("GET", "/lifecycle/pause", null, "", 405, List.of("POST")));
		all.add(new BadRequest("POST", "/lifecycle/status", null, "", 405, List.of("GET")));
		// In a fleet, the active color pauses only when another color becomes active
		all.add(new BadRequest("POST", "/lifecycle/pause", JSON, "{}", 409, null));

		String shawarma = "/applicationstate";
		all.add(new BadRequest("POST", shawarma, JSON, "{\"status\":", 400, null));
		all.add(new BadRequest("POST", shawarma, JSON, "{\"state\":\"inactive\"}", 400, List.of("active", "inactive")));
		all.add(new BadRequest("POST", shawarma, null, "{\"status\":\"inactive\"}", 415, List.of(JSON)));
		all.add(new BadRequest("POST", shawarma, "text/plain", "{\"status\":\"inactive\"}", 415, List.of(JSON)));
		all.add(new BadRequest("POST", shawarma, JSON, "{\"status\":\"standby\"}", 400, List.of("active", "inactive")));
		all.add(new BadRequest("POST", shawarma, JSON, "{\"status\":[\"inactive\"]}", 400, null));
		all.add(new BadRequest("PUT", shawarma, JSON, "{\"status\":\"inactive\"}", 405, List.of("GET", "POST")));
		// The active color pauses only when another color becomes active
		all.add(new BadRequest("POST", shawarma, JSON, "{\"status\":\"inactive\"}", 409, null));

		String flagger = "/flagger/confirm-promotion";
		all.add(new BadRequest("POST", flagger, JSON, "{\"name\":\"orders\",\"metadata\":{", 400, null));
		all.add(new BadRequest("POST", flagger, JSON, webhook("\"colour\":\"green\""), 400, List.of("color", "token")));
		all.add(new BadRequest("POST", flagger, null, webhook("\"color\":\"green\""), 415, List.of(JSON)));
		all.add(new BadRequest("POST", flagger, "text/plain", webhook("\"color\":\"green\""), 415, List.of(JSON)));
		all.add(new BadRequest("POST", flagger, JSON, webhook("\"color\":\"purple\""), 400, COLORS));
		all.add(new BadRequest("POST", flagger, JSON, "{\"name\":\"orders\",\"metadata\":[\"green\"]}", 400, null));
		all.add(new BadRequest("POST", "/flagger/promote", JSON, webhook("\"color\":\"green\""), 404,
				List.of("pre-rollout", "confirm-promotion", "rollback")));
		all.add(new BadRequest("GET", flagger, null, "", 405, List.of("POST")));
		return all.stream();
	}

	@ParameterizedTest
	@MethodSource("badRequests")
	void isAProblemThatSaysWhatWasWrongAndChangesNothing(BadRequest request) {
		long version = version();
		long greenProcessed = fleet.processedBy("green");

		HttpResponse<String> response = (request.contentType() != null)
				? blue.send(request.method(), request.path(), request.body(), "Content-Type", request.contentType(),
						AUTHORIZATION, BEARER)
				: blue.send(request.method(), request.path(), request.body(), AUTHORIZATION, BEARER);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(request.status());
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).as(response.body()).startsWith("application/problem+json"));
		JsonNode problem = JsonMapper.builder().build().readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(request.status());
		assertThat(problem.path("detail").asString()).as(response.body()).isNotBlank();
		if (request.allowed() != null) {
			assertThat(problem.path("allowed").valueStream().map(JsonNode::asString).toList()).as(response.body())
				.containsExactlyInAnyOrderElementsOf(request.allowed());
		}
		assertThat(version()).as("desired state version").isEqualTo(version);
		assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.ACTIVE);
		assertThat(fleet.state("green-1")).isEqualTo(LifecycleState.PAUSED);
		long blueProcessed = fleet.processedBy("blue");
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > blueProcessed + 5);
		assertThat(fleet.processedBy("green")).isEqualTo(greenProcessed);
	}

	@Test
	void onASeparateManagementPortTheEndpointAnswersProblemsToo() {
		try (ConfigurableApplicationContext app = OrdersTestApplication.start(WebApplicationType.SERVLET,
				"test.topic=" + EmbeddedBroker.createTopic("management", 1), "management.server.port=0",
				"spring.kafka.consumer.group-id=" + EmbeddedBroker.uniqueName("orders"),
				"bluegreen.access.token=" + TOKEN)) {
			Http management = new Http(app, "local.management.port");
			for (String body : List.of("{\"state\":", "{\"state\":\"PAUSED\",\"colour\":\"green\"}")) {
				HttpResponse<String> response = management.post("/actuator/bluegreen", body, AUTHORIZATION, BEARER);

				assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(JsonMapper.builder().build().readTree(response.body()).path("detail").asString())
					.isNotBlank();
				assertThat(app.getBean(LifecycleService.class).getState()).isEqualTo(LifecycleState.ACTIVE);
			}
		}
	}

	@Test
	void theApplicationsOwnControllersKeepTheirErrorHandling() {
		HttpResponse<String> malformed = blue.post("/orders", "{\"id\":");
		HttpResponse<String> untyped = blue.send("POST", "/orders", "{\"id\":\"1\"}", "Content-Type", "text/plain");

		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(untyped.statusCode()).isEqualTo(415);
		for (HttpResponse<String> response : List.of(malformed, untyped)) {
			assertThat(response.headers().firstValue("Content-Type")).as(response.body())
				.hasValueSatisfying((type) -> assertThat(type).doesNotContain("problem"));
			assertThat(response.body()).as("Spring Boot's error attributes").contains("\"path\":\"/orders\"");
		}
		assertThat(blue.post("/orders", "{\"id\":\"1\"}").body()).isEqualTo("order 1");
	}

	private static String webhook(String metadata) {
		return "{\"name\":\"orders\",\"namespace\":\"test\",\"phase\":\"Promoting\",\"checksum\":\"85d557f47b\","
				+ "\"metadata\":{" + metadata + "}}";
	}

	private static long version() {
		return fleet.get("blue-1").getBean(ControlLog.class).view().desired().version();
	}

	/**
	 * A controller of the application's own, whose errors bluegreen must leave alone.
	 */
	@RestController
	static class ApplicationController {

		@PostMapping("/orders")
		String order(@RequestBody Map<String, String> order) {
			return "order " + order.get("id");
		}

	}

	record BadRequest(String method, String path, @Nullable String contentType, String body, int status,
			@Nullable List<String> allowed) {

		@Override
		public String toString() {
			return this.method + " " + this.path + " (" + this.contentType + ") " + this.body + " -> " + this.status;
		}

	}

}
