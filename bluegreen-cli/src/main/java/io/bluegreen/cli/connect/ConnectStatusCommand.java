package io.bluegreen.cli.connect;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import io.bluegreen.cli.Answer;
import io.bluegreen.cli.ExitCode;
import io.bluegreen.cli.JsonHttp;

/**
 * {@code bluegreen connect status <connector>...}: each connector's state, its tasks and
 * its committed offsets.
 *
 * @author bluegreen
 */
@Command(name = "status", synopsisHeading = "usage: ", mixinStandardHelpOptions = true,
		description = "Show each connector's type, state, tasks and committed offsets.")
final class ConnectStatusCommand implements Callable<Integer> {

	@Spec
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Mixin
	private ConnectOptions options = new ConnectOptions();

	@Parameters(arity = "1..*", paramLabel = "<connector>", description = "The connectors to show.")
	private List<String> connectors = new ArrayList<>();

	@Override
	public Integer call() throws InterruptedException {
		URI url = this.options.connect();
		ConnectClient client = this.options.client(url);
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		List<Map<String, Object>> shown = new ArrayList<>();
		int exitCode = ExitCode.OK;
		for (String name : this.connectors) {
			try {
				ConnectClient.Connector connector = client.connector(name);
				if (connector == null) {
					err.println("bluegreen: no connector '" + name + "' at " + url);
					exitCode = ExitCode.ERROR;
					continue;
				}
				Map<JsonNode, JsonNode> offsets = client.offsets(name);
				shown.add(json(connector, offsets));
				if (!this.options.json()) {
					print(out, url, connector, offsets);
				}
			}
			catch (IOException ex) {
				err.println("bluegreen: no answer from " + url + ": " + ex);
				return JsonHttp.notSent(ex) ? ExitCode.UNREACHABLE : ExitCode.ERROR;
			}
			catch (ConnectException ex) {
				err.println("bluegreen: " + ex.getMessage());
				return ExitCode.ofStatus(ex.status());
			}
		}
		if (this.options.json()) {
			out.println(JsonHttp.write(Map.of("connect", url.toString(), "connectors", shown)));
		}
		return exitCode;
	}

	private static void print(PrintWriter out, URI url, ConnectClient.Connector connector,
			Map<JsonNode, JsonNode> offsets) {
		ConnectClient.Status status = connector.status();
		out.println("connector " + connector.name() + " at " + url + ": " + connector.type() + ", " + status
				+ ((status.workerId() != null) ? ", on " + status.workerId() : ""));
		if (offsets.isEmpty()) {
			out.println("  no committed offsets");
		}
		offsets.forEach((partition, offset) -> out.println("  " + partition(partition) + " " + offset(offset)));
	}

	private static Map<String, Object> json(ConnectClient.Connector connector, Map<JsonNode, JsonNode> offsets) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", connector.name());
		json.put("type", connector.type());
		json.put("state", connector.status().state());
		json.put("tasks", connector.status().tasks());
		List<Map<String, JsonNode>> entries = new ArrayList<>();
		offsets.forEach((partition, offset) -> entries.add(Map.of("partition", partition, "offset", offset)));
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
