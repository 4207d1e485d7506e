package io.bluegreen.cli.connect;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.bluegreen.cli.ExitCode;
import io.bluegreen.cli.JsonHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ways a switch can fail that a healthy Connect worker does not produce on demand (a
 * connector that will not stop, one whose tasks fail once resumed, a late commit),
 * against a small stand-in for the Connect REST API that records every request: the old
 * connector is resumed only while the new one was never asked to resume, and an outcome
 * that leaves neither running says so.
 */
class ConnectorSwitchTests {

	private final Map<String, String> states = new ConcurrentHashMap<>();

	private final Map<String, String> taskStates = new ConcurrentHashMap<>();

	private final Map<String, String> offsets = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private volatile boolean blueIgnoresStop;

	private volatile boolean blueCommitsLate;

	private volatile int rebalancingAnswers;

	/**
	 * How the stand-in answers the resume of green: a status code, or 0 to drop the
	 * connection.
	 */
	private volatile int greenResumeAnswer = 202;

	private volatile boolean greenResumeApplied = true;

	/**
	 * Whether an applied resume of green stays invisible in its status until it is
	 * stopped.
	 */
	private volatile boolean greenResumeShowsLate;

	/**
	 * Offset green commits if it is stopped after a resume it applied but did not show.
	 */
	private volatile long greenCommitsWhenStopped = -1;

	private volatile boolean greenResumePending;

	private HttpServer server;

	private ConnectClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.states.put("blue", "RUNNING");
		this.taskStates.put("blue", "RUNNING");
		this.states.put("green", "STOPPED");
		this.taskStates.put("green", "RUNNING");
		this.offsets.put("blue", offsetsJson(42));
		this.offsets.put("green", "[]");
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/connectors/", this::handle);
		this.server.start();
		this.client = new ConnectClient(URI.create("http://localhost:" + this.server.getAddress().getPort()),
				new JsonHttp(List.of()));
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void aNewConnectorWhoseTasksFailAfterTheResumeSaysNeitherMayRunAndLeavesTheOldStopped()
			throws InterruptedException {
		this.taskStates.put("green", "FAILED");

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).isEqualTo(ConnectorSwitch.Outcome.FAILED);
		assertThat(result.outcome().exitCode()).isEqualTo(ExitCode.ERROR);
		assertThat(result.message()).contains("'green' was resumed but does not run", "tasks [FAILED]",
				"neither may be consuming", "roll back with --from green --to blue");
		assertThat(this.states).containsEntry("blue", "STOPPED");
		assertThat(this.requests).doesNotContain("PUT /connectors/blue/resume");
	}

	@Test
	void anOldConnectorThatDoesNotStopIsResumedAndTheNewOneIsNeverAsked() throws InterruptedException {
		this.blueIgnoresStop = true;

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).isEqualTo(ConnectorSwitch.Outcome.ABORTED);
		assertThat(result.message()).contains("'blue' did not stop within 1 s", "'blue' resumed and runs");
		assertThat(this.requests).contains("PUT /connectors/blue/stop", "PUT /connectors/blue/resume")
			.noneMatch((request) -> request.startsWith("PATCH") || request.equals("PUT /connectors/green/resume"));
	}

	@Test
	void anOldConnectorThatCommitsAfterItStoppedAbortsBeforeTheResume() throws InterruptedException {
		this.blueCommitsLate = true;

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).isEqualTo(ConnectorSwitch.Outcome.ABORTED);
		assertThat(result.message()).contains("'blue' committed offsets after it stopped");
		assertThat(this.states).containsEntry("blue", "RUNNING").containsEntry("green", "STOPPED");
		assertThat(this.requests).doesNotContain("PUT /connectors/green/resume");
	}

	@Test
	void theOffsetsWrittenAreExactlyTheOldConnectorsAndTheStepsAreInOrder() throws InterruptedException {
		List<String> steps = new ArrayList<>();

		ConnectorSwitch.Result result = new ConnectorSwitch(this.client, this.client, Duration.ofSeconds(1),
				(step) -> steps.add(step.name()))
			.run("blue", "green");

		assertThat(result.outcome()).as(result.message()).isEqualTo(ConnectorSwitch.Outcome.COMPLETED);
		assertThat(steps).containsExactly("check", "stop blue", "read offsets", "write offsets", "verify offsets",
				"resume green");
		assertThat(this.offsets.get("green")).isEqualTo(offsetsJson(42));
		assertThat(this.requests).containsSubsequence("PUT /connectors/blue/stop", "PATCH /connectors/green/offsets",
				"PUT /connectors/green/resume");
	}

	@Test
	void aRebalanceAnsweredWith409IsWaitedOut() throws InterruptedException {
		this.rebalancingAnswers = 3;

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).as(result.message()).isEqualTo(ConnectorSwitch.Outcome.COMPLETED);
		assertThat(this.requests.stream().filter("PUT /connectors/blue/stop"::equals)).hasSize(4);
		assertThat(this.states).containsEntry("blue", "STOPPED").containsEntry("green", "RUNNING");
	}

	@Test
	void aResumeAnswered502ThatWasNotAppliedResumesTheOldOnlyOnceTheNewIsVerifiedStopped() throws InterruptedException {
		this.greenResumeAnswer = 502;
		this.greenResumeApplied = false;

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).as(result.message()).isEqualTo(ConnectorSwitch.Outcome.ABORTED);
		assertThat(result.message()).contains("HTTP 502", "'green' is verified stopped with the offsets handed over",
				"'blue' resumed and runs");
		assertThat(this.states).containsEntry("blue", "RUNNING").containsEntry("green", "STOPPED");
		// green is stopped again, and answered, before blue may run
		assertThat(this.requests).containsSubsequence("PUT /connectors/green/resume", "PUT /connectors/green/stop",
				"PUT /connectors/blue/resume");
	}

	@Test
	void aResumeAnswered502ThatWasAppliedLeavesTheOldStoppedAndTheOutcomeUnknown() throws InterruptedException {
		this.greenResumeAnswer = 502;

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).as(result.message()).isEqualTo(ConnectorSwitch.Outcome.UNKNOWN);
		assertThat(result.outcome().exitCode()).isEqualTo(ExitCode.UNKNOWN);
		assertThat(result.message()).contains("HTTP 502", "'green' is RUNNING", "'blue' is left stopped",
				"'bluegreen connect status --connect " + this.client.base() + " blue green'");
		assertThat(this.states).containsEntry("blue", "STOPPED").containsEntry("green", "RUNNING");
		assertThat(this.requests).doesNotContain("PUT /connectors/blue/resume", "PUT /connectors/green/stop");
	}

	@Test
	void aResumeAnswered500ThatWasAppliedLeavesTheOldStopped() throws InterruptedException {
		this.greenResumeAnswer = 500;

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).as(result.message()).isEqualTo(ConnectorSwitch.Outcome.UNKNOWN);
		assertThat(this.states).containsEntry("blue", "STOPPED").containsEntry("green", "RUNNING");
		assertThat(this.requests).doesNotContain("PUT /connectors/blue/resume");
	}

	@Test
	void aLostAnswerToTheResumeLeavesTheOldStoppedAndTheOutcomeUnknown() throws InterruptedException {
		this.greenResumeAnswer = 0;

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).as(result.message()).isEqualTo(ConnectorSwitch.Outcome.UNKNOWN);
		assertThat(result.message()).contains("no answer to the resume of 'green'", "'blue' is left stopped");
		assertThat(this.states).containsEntry("blue", "STOPPED").containsEntry("green", "RUNNING");
		assertThat(this.requests).doesNotContain("PUT /connectors/blue/resume");
	}

	@Test
	void aLostAnswerToAResumeThatWasNotAppliedResumesTheOld() throws InterruptedException {
		this.greenResumeAnswer = 0;
		this.greenResumeApplied = false;

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).as(result.message()).isEqualTo(ConnectorSwitch.Outcome.ABORTED);
		assertThat(this.states).containsEntry("blue", "RUNNING").containsEntry("green", "STOPPED");
	}

	@Test
	void aNewConnectorThatRanUnseenBeforeItWasStoppedAgainIsNotFollowedByTheOld() throws InterruptedException {
		this.greenResumeAnswer = 500;
		this.greenResumeShowsLate = true;
		this.greenCommitsWhenStopped = 50;

		ConnectorSwitch.Result result = connectorSwitch().run("blue", "green");

		assertThat(result.outcome()).as(result.message()).isEqualTo(ConnectorSwitch.Outcome.FAILED);
		assertThat(result.message()).contains("'green' ran after all", "neither runs", "Resume 'green'");
		assertThat(this.states).containsEntry("blue", "STOPPED").containsEntry("green", "STOPPED");
		assertThat(this.requests).doesNotContain("PUT /connectors/blue/resume");
	}

	private ConnectorSwitch connectorSwitch() {
		return new ConnectorSwitch(this.client, this.client, Duration.ofSeconds(1), (step) -> {
		});
	}

	private static String offsetsJson(long offset) {
		return "[{\"partition\":{\"kafka_topic\":\"orders\",\"kafka_partition\":0},\"offset\":{\"kafka_offset\":"
				+ offset + "}}]";
	}

	private void handle(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String[] path = exchange.getRequestURI().getPath().split("/");
		String name = path[2];
		String resource = (path.length > 3) ? path[3] : "";
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		if (!method.equals("GET")) {
			this.requests.add(method + " " + exchange.getRequestURI().getPath());
		}
		if (!method.equals("GET") && this.rebalancingAnswers > 0) {
			this.rebalancingAnswers--;
			reply(exchange, 409, "{\"error_code\":409,\"message\":\"Cannot complete request because of a "
					+ "conflicting operation (e.g. worker rebalance)\"}");
			return;
		}
		String state = this.states.get(name);
		if (state == null) {
			reply(exchange, 404, "{\"error_code\":404,\"message\":\"Connector " + name + " not found\"}");
			return;
		}
		switch (method + " " + resource) {
			case "GET " -> reply(exchange, 200,
					"{\"name\":\"" + name + "\",\"type\":\"sink\",\"config\":{\"topics\":\"orders\"},\"tasks\":[]}");
			case "GET status" -> {
				String tasks = state.equals("STOPPED") ? "[]"
						: "[{\"id\":0,\"state\":\"" + this.taskStates.get(name) + "\",\"worker_id\":\"w\"}]";
				reply(exchange, 200, "{\"name\":\"" + name + "\",\"connector\":{\"state\":\"" + state
						+ "\",\"worker_id\":\"w\"},\"tasks\":" + tasks + ",\"type\":\"sink\"}");
			}
			case "PUT stop" -> {
				if (!(name.equals("blue") && this.blueIgnoresStop)) {
					this.states.put(name, "STOPPED");
				}
				if (name.equals("green") && this.greenResumePending && this.greenCommitsWhenStopped >= 0) {
					// it ran unseen in between, and commits what it delivered as it stops
					this.offsets.put(name, offsetsJson(this.greenCommitsWhenStopped));
				}
				this.greenResumePending = false;
				reply(exchange, 204, "");
			}
			case "PUT resume" -> resume(exchange, name);
			case "GET offsets" -> {
				String current = this.offsets.get(name);
				if (name.equals("blue") && this.blueCommitsLate) {
					this.offsets.put(name, offsetsJson(43));
				}
				reply(exchange, 200, "{\"offsets\":" + current + "}");
			}
			case "PATCH offsets" -> {
				this.offsets.put(name, JsonHttp.parse(body).path("offsets").toString());
				reply(exchange, 200, "{\"message\":\"The offsets for this connector have been altered successfully\"}");
			}
			default -> reply(exchange, 405, "{\"error_code\":405,\"message\":\"not here\"}");
		}
	}

	private void resume(HttpExchange exchange, String name) throws IOException {
		if (!name.equals("green")) {
			this.states.put(name, "RUNNING");
			reply(exchange, 202, "");
			return;
		}
		if (this.greenResumeApplied) {
			if (this.greenResumeShowsLate) {
				this.greenResumePending = true;
			}
			else {
				this.states.put(name, "RUNNING");
			}
		}
		if (this.greenResumeAnswer == 0) {
			// the connection drops before any answer
			exchange.close();
			return;
		}
		reply(exchange, this.greenResumeAnswer, (this.greenResumeAnswer == 202) ? ""
				: "<html><body><h1>HTTP " + this.greenResumeAnswer + " from the proxy</h1></body></html>");
	}

	private static void reply(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		exchange.close();
	}

}
