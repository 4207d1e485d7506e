package io.bluegreen.actuate.endpoint;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
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
 * The fleet switch over HTTP, on one instance of a deployment with two instances per
 * color: what {@code GET /actuator/bluegreen} shows, and how {@code POST} answers good,
 * bad and concurrent requests.
 */
class FleetEndpointIntegrationTests {

	private static final int PARTITIONS = 4;

	private static final String TOKEN = "s3cret";

	private static FleetInstances fleet;

	private static Load load;

	@BeforeAll
	static void startFleet() {
		String topic = EmbeddedBroker.createTopic("fleet-http", PARTITIONS);
		fleet = new FleetInstances(topic, "bluegreen.access.token=" + TOKEN);
		load = new Load(topic, PARTITIONS);
		fleet.start("blue-1", "blue");
		fleet.start("blue-2", "blue", "test.concurrency=1");
		fleet.start(WebApplicationType.SERVLET, "green-1", "green");
		fleet.start("green-2", "green", "test.concurrency=1");
		fleet.awaitReady(PARTITIONS);
	}

	@AfterAll
	static void stopFleet() throws Exception {
		load.close();
		fleet.close();
	}

	@Test
	void getShowsTheActiveColorEpochAndEveryLiveInstance() throws Exception {
		HttpResponse<String> response = get("/actuator/bluegreen");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"state\":\"PAUSED\"", "\"color\":\"green\"",
				"\"deployment\":\"" + fleet.deployment() + "\"", "\"active\":\"blue\"", "\"instanceId\":\"blue-1\"",
				"\"instanceId\":\"blue-2\"", "\"instanceId\":\"green-2\"");
	}

	@Test
	void badRequestsAreRejectedWithTheAllowedValuesAndChangeNothing() throws Exception {
		long version = desiredVersion();

		HttpResponse<String> unknown = post("{\"active\":\"purple\"}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(unknown.body()).contains("Unknown color 'purple'; allowed values: [blue, green]")
			.contains("\"allowed\":[\"blue\",\"green\"]");
		assertThat(post("{\"active\":").statusCode()).as("malformed JSON").isEqualTo(400);
		assertThat(post("{\"active\":\"\"}").statusCode()).as("empty color").isEqualTo(400);
		HttpResponse<String> both = post("{\"active\":\"green\",\"state\":\"PAUSED\"}");
		assertThat(both.statusCode()).isEqualTo(400);
		assertThat(both.body()).contains("either 'state' or 'active'");
		HttpResponse<String> missing = post("{}");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(missing.body()).contains("or 'active' to switch the deployment, one of [blue, green]");

		assertThat(desiredVersion()).isEqualTo(version);
		assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.ACTIVE);
	}

	@Test
	void aPausedColorCannotBeResumedInstanceByInstance() throws Exception {
		HttpResponse<String> endpoint = post("{\"state\":\"ACTIVE\"}");
		assertThat(endpoint.statusCode()).isEqualTo(409);
		assertThat(endpoint.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(endpoint.body()).contains("may not resume on its own")
			.contains("color 'green' is not active")
			.contains("{\\\"active\\\":\\\"green\\\"}");
		assertThat(fleet.state("green-1")).isEqualTo(LifecycleState.PAUSED);
	}

	@Test
	void aConcurrentSwitchGetsAConflictAndRepeatingASwitchIsSafe() throws Exception {
		load.startContinuous(1);
		Gate gate = fleet.get("blue-1").getBean(Gate.class);
		gate.close();
		try {
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> gate.waiting() > 0);
			CompletableFuture<SwitchResult> first = CompletableFuture
				.supplyAsync(() -> fleet.service("blue-2").switchTo("green"));
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.service("green-1").status().switchInProgress() != null);

			HttpResponse<String> second = post("{\"active\":\"green\"}");

			assertThat(second.statusCode()).isEqualTo(409);
			assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(second.body()).contains("\"outcome\":\"CONFLICT\"")
				.contains("from blue to green")
				.contains("is in progress");
			gate.open();
			assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(SwitchOutcome.COMPLETED);
		}
		finally {
			gate.open();
		}
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> "green".equals(fleet.service("green-1").status().active()));
		long version = desiredVersion();
		HttpResponse<String> again = post("{\"active\":\"GREEN\"}");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("\"outcome\":\"UNCHANGED\"");
		assertThat(desiredVersion()).isEqualTo(version);

		// Rollback is the same request
		HttpResponse<String> rollback = post("{\"active\":\"blue\"}");
		assertThat(rollback.statusCode()).isEqualTo(200);
		assertThat(rollback.body()).contains("\"outcome\":\"COMPLETED\"", "\"from\":\"green\"", "\"to\":\"blue\"",
				"\"pausedAfterMillis\":", "\"active\":\"blue\"");
		String deployment = "deployment=\"" + fleet.deployment() + "\"";
		await().atMost(EmbeddedBroker.waitCeiling())
			.untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
				.contains("bluegreen_fleet_active{color=\"blue\"," + deployment + "} 1")
				.contains("bluegreen_fleet_active{color=\"green\"," + deployment + "} 0")
				.contains("bluegreen_fleet_switch_in_progress{" + deployment + "} 0")
				.contains("bluegreen_fleet_switches_seconds_count{" + deployment
						+ ",from=\"green\",outcome=\"completed\",to=\"blue\"} 1"));
		load.stop();
		await().atMost(EmbeddedBroker.waitCeiling())
			.untilAsserted(() -> fleet.assertEveryRecordProcessedOnceInOrder(load.endOffsets()));
	}

	private static long desiredVersion() {
		ControlLog channel = fleet.get("green-1").getBean(ControlLog.class);
		return channel.view().desired().version();
	}

	private static HttpResponse<String> get(String path) {
		return green().get(path);
	}

	private static HttpResponse<String> post(String body) {
		return green().post("/actuator/bluegreen", body, "Authorization", "Bearer " + TOKEN);
	}

	private static Http green() {
		return new Http(fleet.get("green-1"));
	}

}
