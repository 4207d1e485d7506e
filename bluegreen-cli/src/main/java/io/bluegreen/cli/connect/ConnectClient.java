package io.bluegreen.cli.connect;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.bluegreen.cli.Answer;
import io.bluegreen.cli.JsonHttp;

/**
 * The parts of one Connect cluster's REST API a switch needs: a connector's type, config
 * and status, stop and resume (KIP-980), and its offsets (KIP-875).
 *
 * @author bluegreen
 */
public final class ConnectClient {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration REBALANCE_RETRY = Duration.ofSeconds(15);

	private static final Duration REBALANCE_BACKOFF = Duration.ofMillis(250);

	private final URI base;

	private final JsonHttp http;

	/**
	 * Create a client.
	 * @param base the REST URL of any worker of the cluster, such as
	 * {@code http://connect:8083}
	 * @param http the HTTP client
	 */
	public ConnectClient(URI base, JsonHttp http) {
		String url = base.toString();
		this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
		this.http = http;
	}

	/**
	 * The REST URL of the cluster.
	 * @return the URL
	 */
	public URI base() {
		return this.base;
	}

	/**
	 * Read a connector's type, config and status.
	 * @param name the connector
	 * @return the connector, or {@code null} if the cluster has no connector of that name
	 * @throws ConnectApiException if the cluster answered with an error
	 * @throws IOException if there was no answer
	 * @throws InterruptedException if interrupted
	 */
	public @Nullable Connector connector(String name) throws IOException, InterruptedException {
		Answer info = send("GET", connectorPath(name), null);
		if (info.status() == 404) {
			return null;
		}
		expectOk(info, "read connector '" + name + "'");
		Map<String, String> config = new LinkedHashMap<>();
		info.at("config").properties().forEach((entry) -> config.put(entry.getKey(), entry.getValue().asString()));
		Status status = status(name);
		return new Connector(name, String.valueOf(info.text("type")), config, status);
	}

	/**
	 * Read a connector's status.
	 * @param name the connector
	 * @return its state and its tasks' states
	 * @throws ConnectApiException if the cluster answered with an error
	 * @throws IOException if there was no answer
	 * @throws InterruptedException if interrupted
	 */
	public Status status(String name) throws IOException, InterruptedException {
		Answer answer = send("GET", connectorPath(name) + "/status", null);
		expectOk(answer, "read the status of '" + name + "'");
		List<String> tasks = new ArrayList<>();
		for (JsonNode task : answer.at("tasks")) {
			tasks.add(String.valueOf(Answer.text(task.path("state"))));
		}
		String trace = answer.text("connector", "trace");
		return new Status(String.valueOf(answer.text("connector", "state")), tasks,
				answer.text("connector", "worker_id"), trace);
	}

	/**
	 * Stop a connector: its tasks shut down and a sink commits its offsets.
	 * @param name the connector
	 * @throws ConnectApiException if the cluster refused
	 * @throws IOException if there was no answer
	 * @throws InterruptedException if interrupted
	 */
	public void stop(String name) throws IOException, InterruptedException {
		expectOk(send("PUT", connectorPath(name) + "/stop", null), "stop '" + name + "'");
	}

	/**
	 * Resume a stopped or paused connector.
	 * @param name the connector
	 * @throws ConnectApiException if the cluster refused
	 * @throws IOException if there was no answer
	 * @throws InterruptedException if interrupted
	 */
	public void resume(String name) throws IOException, InterruptedException {
		expectOk(send("PUT", connectorPath(name) + "/resume", null), "resume '" + name + "'");
	}

	/**
	 * Read a connector's committed offsets.
	 * @param name the connector
	 * @return the offset of each source or topic partition, by partition
	 * @throws ConnectApiException if the cluster refused
	 * @throws IOException if there was no answer
	 * @throws InterruptedException if interrupted
	 */
	public Map<JsonNode, JsonNode> offsets(String name) throws IOException, InterruptedException {
		Answer answer = send("GET", connectorPath(name) + "/offsets", null);
		expectOk(answer, "read the offsets of '" + name + "'");
		if (!answer.at("offsets").isArray()) {
			throw new ConnectApiException(
					"the offsets of '" + name + "' are not Connect's answer: " + answer.shownText(), answer.status());
		}
		Map<JsonNode, JsonNode> offsets = new LinkedHashMap<>();
		for (JsonNode entry : answer.at("offsets")) {
			offsets.put(entry.path("partition"), entry.path("offset"));
		}
		return offsets;
	}

	/**
	 * Write offsets of a stopped connector; a {@code null} offset removes the
	 * partition's.
	 * @param name the connector
	 * @param offsets the offset of each partition, by partition
	 * @throws ConnectApiException if the cluster or the connector rejected them
	 * @throws IOException if there was no answer
	 * @throws InterruptedException if interrupted
	 */
	public void alterOffsets(String name, Map<JsonNode, @Nullable JsonNode> offsets)
			throws IOException, InterruptedException {
		List<Map<String, @Nullable JsonNode>> entries = new ArrayList<>();
		offsets.forEach((partition, offset) -> {
			Map<String, @Nullable JsonNode> entry = new LinkedHashMap<>();
			entry.put("partition", partition);
			entry.put("offset", offset);
			entries.add(entry);
		});
		expectOk(send("PATCH", connectorPath(name) + "/offsets", Map.of("offsets", entries)),
				"write the offsets of '" + name + "'");
	}

	/**
	 * Remove every committed offset of a stopped connector.
	 * @param name the connector
	 * @throws ConnectApiException if the cluster or the connector refused
	 * @throws IOException if there was no answer
	 * @throws InterruptedException if interrupted
	 */
	public void resetOffsets(String name) throws IOException, InterruptedException {
		expectOk(send("DELETE", connectorPath(name) + "/offsets", null), "reset the offsets of '" + name + "'");
	}

	private Answer send(String method, String path, @Nullable Object body) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + REBALANCE_RETRY.toNanos();
		while (true) {
			Answer answer = this.http.send(method, URI.create(this.base + path), body, REQUEST_TIMEOUT);
			// Connect answers 409 while its workers rebalance: the request was not
			// applied, ask again
			if (answer.status() != 409 || System.nanoTime() - deadline > 0) {
				return answer;
			}
			Thread.sleep(REBALANCE_BACKOFF.toMillis());
		}
	}

	private static void expectOk(Answer answer, String action) {
		if (!answer.ok()) {
			throw new ConnectApiException("cannot " + action + ": HTTP " + answer.status() + " from " + answer.uri()
					+ ": " + answer.problem(), answer.status());
		}
	}

	private static String connectorPath(String name) {
		return "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * A connector.
	 *
	 * @param name its name
	 * @param type {@code sink} or {@code source}
	 * @param config its config
	 * @param status its status
	 */
	public record Connector(String name, String type, Map<String, String> config, Status status) {

	}

	/**
	 * A connector's status.
	 *
	 * @param state the connector's state: {@code RUNNING}, {@code PAUSED},
	 * {@code STOPPED}, {@code FAILED}, {@code UNASSIGNED} or {@code RESTARTING}
	 * @param tasks the state of each task
	 * @param workerId the worker that runs the connector, or {@code null}
	 * @param trace why the connector failed, or {@code null}
	 */
	public record Status(String state, List<String> tasks, @Nullable String workerId, @Nullable String trace) {

		/**
		 * Whether the connector and every one of its tasks are stopped: no task left.
		 * @return whether it is stopped
		 */
		public boolean stopped() {
			return "STOPPED".equals(this.state) && this.tasks.isEmpty();
		}

		/**
		 * Whether the connector and all of its tasks, at least one, run.
		 * @return whether it runs
		 */
		public boolean running() {
			return "RUNNING".equals(this.state) && !this.tasks.isEmpty()
					&& this.tasks.stream().allMatch("RUNNING"::equals);
		}

		@Override
		public String toString() {
			return this.state + ((this.tasks.isEmpty()) ? ", no tasks" : ", tasks " + this.tasks);
		}

	}

}
