package io.bluegreen.integration.lifecycle;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Http;
import io.bluegreen.test.OrdersTestApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /lifecycle} API over real HTTP, with a real broker behind it, agreeing with
 * the {@code bluegreen} actuator endpoint.
 */
class LifecycleControllerIntegrationTests {

	private static final int PARTITIONS = 4;

	private static final String TOKEN = "s3cret";

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void startApplication() {
		String topic = EmbeddedBroker.createTopic("lifecycle-api", PARTITIONS);
		app = OrdersTestApplication.start(WebApplicationType.SERVLET, "test.topic=" + topic,
				"spring.kafka.consumer.group-id=" + EmbeddedBroker.uniqueName("orders"), "bluegreen.color=blue",
				"bluegreen.access.token=" + TOKEN);
		OrdersTestApplication.awaitBalanced(app, PARTITIONS);
	}

	@AfterAll
	static void stopApplication() {
		app.close();
	}

	@Test
	void pauseResumeAndStatus() throws Exception {
		HttpResponse<String> paused = post("/lifecycle/pause", "");
		assertThat(paused.statusCode()).isEqualTo(200);
		assertThat(paused.body()).contains("\"state\":\"PAUSED\"", "\"color\":\"blue\"");
		assertThat(get("/lifecycle/status").body()).contains("\"state\":\"PAUSED\"", "\"listeners\":[");
		assertThat(get("/actuator/bluegreen").body()).contains("\"state\":\"PAUSED\"");

		HttpResponse<String> resumed = post("/lifecycle/resume", "");
		assertThat(resumed.statusCode()).isEqualTo(200);
		assertThat(resumed.body()).contains("\"state\":\"ACTIVE\"");

		// As curl -d '' sends it: an empty body of any type
		HttpResponse<String> form = new Http(app).send("POST", "/lifecycle/pause", "", "Content-Type",
				"application/x-www-form-urlencoded", "Authorization", "Bearer " + TOKEN);
		assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
		assertThat(lifecycle().getState()).isEqualTo(LifecycleState.PAUSED);
		HttpResponse<String> empty = new Http(app).send("POST", "/lifecycle/resume", "{}", "Content-Type",
				"application/json", "Authorization", "Bearer " + TOKEN);
		assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
		assertThat(lifecycle().getState()).isEqualTo(LifecycleState.ACTIVE);
	}

	private static LifecycleService lifecycle() {
		return app.getBean(LifecycleService.class);
	}

	private static HttpResponse<String> get(String path) {
		return new Http(app).get(path);
	}

	private static HttpResponse<String> post(String path, String body) {
		return new Http(app).post(path, body, "Authorization", "Bearer " + TOKEN);
	}

}
