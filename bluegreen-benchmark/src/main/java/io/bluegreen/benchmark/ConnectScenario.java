package io.bluegreen.benchmark;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.jspecify.annotations.Nullable;

import io.bluegreen.cli.Answer;
import io.bluegreen.cli.JsonHttp;
import io.bluegreen.cli.connect.ConnectClient;
import io.bluegreen.cli.connect.ConnectorSwitch;

/**
 * Kafka Connect sink connectors, one per color, on a real Connect worker in the
 * benchmark's JVM: a switch is {@code bluegreen connect switch}, the command line's
 * {@link ConnectorSwitch}. It stops the old connector, copies its committed offsets to the
 * new one, and resumes the new one.
 *
 * @author bluegreen
 */
final class ConnectScenario extends Scenario {

	private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private @Nullable Connect<?> worker;

	private @Nullable ConnectorSwitch connectorSwitch;

	private final String name;

	private final Map<String, String> workerSettings;

	private String journalName = "";

	/**
	 * The sink connectors with the worker's defaults: their consumers use the classic
	 * group protocol.
	 */
	ConnectScenario() {
		this("connect", Map.of());
	}

	/**
	 * The sink connectors with more worker settings.
	 * @param name the name the results use
	 * @param workerSettings settings of the worker, such as {@code consumer.*} for the
	 * sink connectors' consumers
	 */
	ConnectScenario(String name, Map<String, String> workerSettings) {
		this.name = name;
		this.workerSettings = workerSettings;
	}

	@Override
	String name() {
		return this.name;
	}

	@Override
	String description() {
		return "two sink connectors on one Kafka Connect worker, one per color, each with "
				+ "2 x concurrency tasks; a switch is bluegreen connect switch (ConnectorSwitch): stop the old "
				+ "connector, copy its committed offsets to the stopped new one, resume the new one; the request "
				+ "returns when every task of the new one is RUNNING"
				+ (this.workerSettings.isEmpty() ? "" : "; worker settings " + this.workerSettings);
	}

	@Override
	void start() {
		this.journalName = topic();
		JournalingSinkConnector.register(this.journalName, journal());
		Map<String, String> props = new HashMap<>();
		props.put("bootstrap.servers", bootstrapServers());
		props.put("listeners", "HTTP://localhost:0");
		props.put("group.id", "bench-connect-" + topic());
		props.put("offset.storage.topic", "bench-connect-offsets-" + topic());
		props.put("config.storage.topic", "bench-connect-configs-" + topic());
		props.put("status.storage.topic", "bench-connect-status-" + topic());
		props.put("offset.storage.replication.factor", "1");
		props.put("config.storage.replication.factor", "1");
		props.put("status.storage.replication.factor", "1");
		props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
		props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
		// the journaling connector has a ServiceLoader manifest: no scan of the whole class path
		props.put("plugin.discovery", "service_load");
		props.putAll(this.workerSettings);
		Connect<?> worker = new ConnectDistributed().startConnect(props);
		this.worker = worker;
		URI url = worker.rest().serverUrl();
		JsonHttp http = new JsonHttp(List.of());
		ConnectClient client = new ConnectClient(url, http);
		this.connectorSwitch = new ConnectorSwitch(client, client, STEP_TIMEOUT, (step) -> {
		});
		create(http, url, "blue", "RUNNING");
		create(http, url, "green", "STOPPED");
	}

	private void create(JsonHttp http, URI url, String color, String initialState) {
		Map<String, Object> config = new HashMap<>();
		config.put("connector.class", JournalingSinkConnector.class.getName());
		config.put("tasks.max", String.valueOf(2 * concurrency()));
		config.put("topics", topic());
		config.put(JournalingSinkConnector.JOURNAL, this.journalName);
		config.put(JournalingSinkConnector.COLOR, color);
		Map<String, Object> request = Map.of("name", connector(color), "config", config, "initial_state",
				initialState);
		try {
			URI connectors = URI.create(url.toString().replaceAll("/$", "") + "/connectors");
			Answer answer = http.send("POST", connectors, request, REQUEST_TIMEOUT);
			if (answer.status() != 201) {
				throw new IllegalStateException("Cannot create connector " + connector(color) + ": " + answer.status()
						+ " " + answer.text());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create connector " + connector(color), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted creating connector " + connector(color), ex);
		}
	}

	@Override
	void switchTo(String color) {
		ConnectorSwitch connectorSwitch = this.connectorSwitch;
		if (connectorSwitch == null) {
			throw new IllegalStateException("The connect scenario has not started");
		}
		try {
			ConnectorSwitch.Result result = connectorSwitch.run(connector(other(color)), connector(color));
			if (result.outcome() != ConnectorSwitch.Outcome.COMPLETED) {
				throw new IllegalStateException("Connector switch to " + color + " ended " + result.outcome() + ": "
						+ result.message() + " " + result.steps());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted switching to " + color, ex);
		}
	}

	private String connector(String color) {
		return "bench-" + this.name + "-" + color;
	}

	@Override
	public void close() {
		super.close();
		Connect<?> worker = this.worker;
		this.worker = null;
		if (worker != null) {
			worker.stop();
			worker.awaitStop();
		}
		JournalingSinkConnector.unregister(this.journalName);
	}

}
