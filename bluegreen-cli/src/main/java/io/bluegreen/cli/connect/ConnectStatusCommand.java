package io.bluegreen.cli.connect;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import io.bluegreen.cli.Answer;
import io.bluegreen.cli.ExitCode;
import io.bluegreen.cli.JsonHttp;
import io.bluegreen.cli.Outcomes;

/**
 * {@code bluegreen connect status <connector>...}: each connector's state, its tasks, its
 * committed offsets and, given Kafka's address, each sink partition's lag.
 *
 * @author bluegreen
 */
@Command(name = "status", synopsisHeading = "usage: ", mixinStandardHelpOptions = true,
		description = "Show each connector's type, state, tasks, committed offsets and (with --bootstrap-server) lag.")
final class ConnectStatusCommand implements Callable<Integer> {

	@Spec
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Mixin
	private ConnectOptions options = new ConnectOptions();

	@Parameters(arity = "1..*", paramLabel = "<connector>", description = "The connectors to show.")
	private List<String> connectors = new ArrayList<>();

	@Option(names = "--bootstrap-server", paramLabel = "<servers>",
			description = "Kafka brokers to read the end offsets from, to show each sink partition's lag.")
	private @Nullable String bootstrapServers;

	@Option(names = "--command-config", paramLabel = "<file>",
			description = "Properties of the Kafka client for --bootstrap-server, such as its security settings.")
	private @Nullable Path commandConfig;

	@Override
	public Integer call() throws InterruptedException {
		URI url = this.options.connect();
		ConnectClient client = this.options.client(url);
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		List<Map<String, Object>> shown = new ArrayList<>();
		int exitCode = ExitCode.OK;
		EndOffsets endOffsets;
		try {
			endOffsets = (this.bootstrapServers != null) ? new EndOffsets(this.bootstrapServers, this.commandConfig)
					: null;
		}
		catch (IOException ex) {
			throw new ParameterException(this.spec.commandLine(), "cannot read --command-config: " + ex);
		}
		for (String name : this.connectors) {
			try {
				ConnectClient.Connector connector = client.connector(name);
				if (connector == null) {
					err.println("bluegreen: no connector '" + name + "' at " + url);
					exitCode = ExitCode.ERROR;
					continue;
				}
				Map<JsonNode, JsonNode> offsets = client.offsets(name);
				Map<TopicPartition, Long> ends = (endOffsets != null) ? endOffsets.read(topicPartitions(offsets))
						: Map.of();
				shown.add(json(connector, offsets, ends));
				if (!this.options.json()) {
					print(out, url, connector, offsets, ends);
				}
			}
			catch (IOException ex) {
				err.println("bluegreen: no answer from " + url + ": " + Outcomes.describe(ex));
				return JsonHttp.notSent(ex) ? ExitCode.UNREACHABLE : ExitCode.ERROR;
			}
			catch (ConnectApiException ex) {
				err.println("bluegreen: " + ex.getMessage());
				return ExitCode.ofStatus(ex.status());
			}
			catch (IllegalStateException ex) {
				err.println("bluegreen: " + ex.getMessage());
				return ExitCode.UNREACHABLE;
			}
		}
		if (this.options.json()) {
			out.println(JsonHttp.write(Map.of("connect", url.toString(), "connectors", shown)));
		}
		return exitCode;
	}

	private static List<TopicPartition> topicPartitions(Map<JsonNode, JsonNode> offsets) {
		List<TopicPartition> partitions = new ArrayList<>();
		offsets.keySet().forEach((partition) -> {
			TopicPartition topicPartition = topicPartition(partition);
			if (topicPartition != null) {
				partitions.add(topicPartition);
			}
		});
		return partitions;
	}

	private static @Nullable TopicPartition topicPartition(JsonNode partition) {
		if (partition.path("kafka_topic").isString() && partition.path("kafka_partition").canConvertToInt()) {
			return new TopicPartition(partition.path("kafka_topic").asString(),
					partition.path("kafka_partition").asInt());
		}
		return null;
	}

	private static @Nullable Long lag(JsonNode partition, JsonNode offset, Map<TopicPartition, Long> ends) {
		TopicPartition topicPartition = topicPartition(partition);
		Long end = (topicPartition != null) ? ends.get(topicPartition) : null;
		if (end == null || !offset.path("kafka_offset").canConvertToLong()) {
			return null;
		}
		return Math.max(0, end - offset.path("kafka_offset").asLong());
	}

	private static void print(PrintWriter out, URI url, ConnectClient.Connector connector,
			Map<JsonNode, JsonNode> offsets, Map<TopicPartition, Long> ends) {
		ConnectClient.Status status = connector.status();
		out.println("connector " + connector.name() + " at " + url + ": " + connector.type() + ", " + status
				+ ((status.workerId() != null) ? ", on " + status.workerId() : ""));
		if (offsets.isEmpty()) {
			out.println("  no committed offsets");
		}
		offsets.forEach((partition, offset) -> {
			Long lag = lag(partition, offset, ends);
			out.println("  " + partition(partition) + " " + offset(offset) + ((lag != null) ? ", lag " + lag : ""));
		});
	}

	private static Map<String, Object> json(ConnectClient.Connector connector, Map<JsonNode, JsonNode> offsets,
			Map<TopicPartition, Long> ends) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", connector.name());
		json.put("type", connector.type());
		json.put("state", connector.status().state());
		json.put("tasks", connector.status().tasks());
		List<Map<String, Object>> entries = new ArrayList<>();
		offsets.forEach((partition, offset) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("partition", partition);
			entry.put("offset", offset);
			Long lag = lag(partition, offset, ends);
			if (lag != null) {
				entry.put("lag", lag);
			}
			entries.add(entry);
		});
		json.put("offsets", entries);
		return json;
	}

	private static String partition(JsonNode partition) {
		if (partition.has("kafka_topic") && partition.has("kafka_partition")) {
			return Answer.text(partition.path("kafka_topic")) + "-" + Answer.text(partition.path("kafka_partition"));
		}
		return partition.toString();
	}

	private static String offset(JsonNode offset) {
		return offset.has("kafka_offset") ? String.valueOf(Answer.text(offset.path("kafka_offset")))
				: offset.toString();
	}

}
