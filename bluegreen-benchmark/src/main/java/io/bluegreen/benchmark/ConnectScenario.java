package io.bluegreen.benchmark;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.sink.SinkRecord;
import org.jspecify.annotations.Nullable;

import io.bluegreen.cli.Answer;
import io.bluegreen.cli.JsonHttp;
import io.bluegreen.cli.connect.ConnectClient;
import io.bluegreen.cli.connect.ConnectorSwitch;
import io.bluegreen.cli.connect.JournalingSinkConnector;

/**
 * Kafka Connect sink connectors, one per color, on a real Connect worker in the
 * benchmark's JVM: a switch is {@code bluegreen connect switch}, the command line's
 * {@link ConnectorSwitch}. It stops the old connector, copies its committed offsets to
 * the new one, and resumes the new one. The new connector is created stopped in advance
 * (KIP-980), so a switch never waits for a connector to be created. Each switch is split
 * into its parts ({@link #breakdown(Map)}) from the switch's steps and the sink tasks'
 * own events: when they start, when their consumers are assigned partitions, and when
 * they receive their first record.
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

	private final Map<String, String> connectorSettings;

	private final int initialRebalanceDelayMillis;

	private final TaskEvents events = new TaskEvents();

	private final List<ConnectBreakdown.Switch> switches = new ArrayList<>();

	private final Map<String, Long> stepEnds = new ConcurrentHashMap<>();

	private String journalName = "";

	/**
	 * The sink connectors with more worker and connector settings.
	 * @param name the name the results use
	 * @param workerSettings settings of the worker
	 * @param connectorSettings settings of both connectors, such as
	 * {@code consumer.override.*} for their consumers
	 * @param initialRebalanceDelayMillis the broker's
	 * {@code group.initial.rebalance.delay.ms}, for the results
	 */
	ConnectScenario(String name, Map<String, String> workerSettings, Map<String, String> connectorSettings,
			int initialRebalanceDelayMillis) {
		this.name = name;
		this.workerSettings = workerSettings;
		this.connectorSettings = connectorSettings;
		this.initialRebalanceDelayMillis = initialRebalanceDelayMillis;
	}

	/**
	 * The sink connectors' consumers on the classic group protocol, the worker's default.
	 * @param initialRebalanceDelayMillis the broker's
	 * {@code group.initial.rebalance.delay.ms}
	 * @param suffix what the name ends with
	 * @return the scenario
	 */
	static ConnectScenario classic(int initialRebalanceDelayMillis, String suffix) {
		return new ConnectScenario("connect" + suffix, Map.of(), Map.of(), initialRebalanceDelayMillis);
	}

	/**
	 * The sink connectors' consumers on the consumer group protocol (KIP-848), which has
	 * no initial rebalance delay, through a connector override, which the worker allows
	 * with {@code connector.client.config.override.policy=All}.
	 * @param initialRebalanceDelayMillis the broker's
	 * {@code group.initial.rebalance.delay.ms}
	 * @param suffix what the name ends with
	 * @return the scenario
	 */
	static ConnectScenario consumerProtocol(int initialRebalanceDelayMillis, String suffix) {
		return new ConnectScenario("connect-consumer-protocol" + suffix,
				Map.of("connector.client.config.override.policy", "All"),
				Map.of("consumer.override.group.protocol", "consumer"), initialRebalanceDelayMillis);
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
				+ "returns when every task of the new one is RUNNING" + "; broker group.initial.rebalance.delay.ms="
				+ this.initialRebalanceDelayMillis
				+ (this.workerSettings.isEmpty() ? "" : "; worker settings " + this.workerSettings)
				+ (this.connectorSettings.isEmpty() ? "" : "; connector settings " + this.connectorSettings);
	}

	@Override
	void start() {
		this.journalName = topic();
		JournalingSinkConnector.register(this.journalName, new ColorJournal());
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
		// the journaling connector has a ServiceLoader
		// manifest: no scan of the whole class path
		props.put("plugin.discovery", "service_load");
		props.putAll(this.workerSettings);
		Connect<?> worker = new ConnectDistributed().startConnect(props);
		this.worker = worker;
		URI url = worker.rest().serverUrl();
		JsonHttp http = new JsonHttp(List.of());
		ConnectClient client = new ConnectClient(url, http);
		this.connectorSwitch = new ConnectorSwitch(client, client, STEP_TIMEOUT,
				(step) -> this.stepEnds.put(step.name(), System.nanoTime()));
		create(http, url, "blue", "RUNNING");
		create(http, url, "green", "STOPPED");
	}

	private void create(JsonHttp http, URI url, String color, String initialState) {
		Map<String, Object> config = new HashMap<>();
		config.put("connector.class", JournalingSinkConnector.class.getName());
		config.put("tasks.max", String.valueOf(2 * concurrency()));
		config.put("topics", topic());
		config.put(JournalingSinkConnector.JOURNAL, this.journalName);
		config.putAll(this.connectorSettings);
		Map<String, Object> request = Map.of("name", connector(color), "config", config, "initial_state", initialState);
		try {
			URI connectors = URI.create(url.toString().replaceAll("/$", "") + "/connectors");
			Answer answer = http.send("POST", connectors, request, REQUEST_TIMEOUT);
			if (answer.status() != 201) {
				throw new IllegalStateException(
						"Cannot create connector " + connector(color) + ": " + answer.status() + " " + answer.text());
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
			this.stepEnds.clear();
			long requested = System.nanoTime();
			ConnectorSwitch.Result result = connectorSwitch.run(connector(other(color)), connector(color));
			this.switches.add(new ConnectBreakdown.Switch(color, requested, System.nanoTime(), stepEnd("check"),
					stepEnd("stop " + connector(other(color))), stepEnd("read offsets"), stepEnd("write offsets"),
					stepEnd("verify offsets")));
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

	/**
	 * Split the switches made so far into their parts, each from the end of the one
	 * before: the switch's own steps (check, stop the old connector, read, write and
	 * verify the offsets), then the sink tasks' events: the resume until the first task
	 * of the new connector starts (the REST request, the connector's start, its task
	 * configurations and the worker's rebalance that hands out the tasks), the group join
	 * until the first task's consumer is assigned partitions, and the first fetch until
	 * the first record reaches a task.
	 * @param brokerSettings the broker settings that differ from the embedded broker's
	 * defaults
	 * @return the parts
	 */
	ConnectBreakdown breakdown(Map<String, String> brokerSettings) {
		String protocol = this.connectorSettings.getOrDefault("consumer.override.group.protocol",
				this.workerSettings.getOrDefault("consumer.group.protocol", "classic"));
		return ConnectBreakdown.of(this.name, protocol, this.initialRebalanceDelayMillis, brokerSettings,
				List.copyOf(this.switches), this.events, journal().all());
	}

	private long stepEnd(String step) {
		return this.stepEnds.getOrDefault(step, Long.MIN_VALUE);
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

	/**
	 * Journals what the sink tasks receive with their connector's color, the way the
	 * benchmark's listeners do, and when they start and are assigned partitions.
	 */
	private final class ColorJournal implements JournalingSinkConnector.Journal {

		private final Map<String, String> colors = new HashMap<>();

		ColorJournal() {
			COLORS.forEach((color) -> this.colors.put(connector(color), color));
		}

		@Override
		public void started(String connector) {
			ConnectScenario.this.events.add(color(connector), TaskEvents.Kind.STARTED);
		}

		@Override
		public void assigned(String connector, Collection<TopicPartition> partitions) {
			ConnectScenario.this.events.add(color(connector), TaskEvents.Kind.ASSIGNED);
		}

		@Override
		public void received(String connector, SinkRecord record) {
			journal().add(record.originalKafkaPartition(), record.originalKafkaOffset(), color(connector), connector);
		}

		private String color(String connector) {
			return this.colors.getOrDefault(connector, "");
		}

	}

}
