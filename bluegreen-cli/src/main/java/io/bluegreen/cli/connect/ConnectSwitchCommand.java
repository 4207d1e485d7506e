package io.bluegreen.cli.connect;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.bluegreen.cli.JsonHttp;
import io.bluegreen.cli.Options;

/**
 * {@code bluegreen connect switch --from <connector> --to <connector>}.
 *
 * @author bluegreen
 */
@Command(name = "switch", synopsisHeading = "usage: ", mixinStandardHelpOptions = true,
		description = { "Stop the running sink connector, hand its committed offsets to the stopped one, "
				+ "and resume that one. If a step before the resume fails, the old connector is resumed. If the "
				+ "resume is not answered with a success, the old connector is resumed only once the new one is "
				+ "verified stopped; otherwise it stays stopped and the outcome is unknown (exit code 5).",
				"Rollback is the same command with --from and --to swapped." })
final class ConnectSwitchCommand implements Callable<Integer> {

	@Spec
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Mixin
	private ConnectOptions options = new ConnectOptions();

	@Option(names = "--from", required = true, paramLabel = "<connector>", description = "The connector that runs now.")
	@SuppressWarnings("NullAway.Init")
	private String from;

	@Option(names = "--to", required = true, paramLabel = "<connector>",
			description = "The stopped connector to run instead.")
	@SuppressWarnings("NullAway.Init")
	private String to;

	@Option(names = "--connect-to", paramLabel = "<url>", converter = Options.HttpUrlConverter.class,
			description = "The Connect cluster of the --to connector, when it is another cluster on the same Kafka.")
	private @Nullable URI connectTo;

	@Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "60",
			converter = Options.SecondsConverter.class,
			description = "How long to wait for a connector to stop or to run (default: ${DEFAULT-VALUE}).")
	private int timeout;

	@Override
	public Integer call() throws InterruptedException {
		URI fromUrl = this.options.connect();
		URI toUrl = (this.connectTo != null) ? this.connectTo : fromUrl;
		PrintWriter out = this.spec.commandLine().getOut();
		boolean json = this.options.json();
		if (!json) {
			out.println("switching connector " + this.from + " -> " + this.to + " at " + fromUrl
					+ (toUrl.equals(fromUrl) ? "" : " -> " + toUrl));
		}
		ConnectorSwitch connectorSwitch = new ConnectorSwitch(this.options.client(fromUrl), this.options.client(toUrl),
				Duration.ofSeconds(this.timeout), (step) -> {
					if (!json) {
						out.printf("  %-28s %6d ms  %s%n", step.name(), step.took().toMillis(), step.detail());
						out.flush();
					}
				});
		ConnectorSwitch.Result result = connectorSwitch.run(this.from, this.to);
		if (json) {
			out.println(JsonHttp.write(json(result, fromUrl, toUrl)));
		}
		else {
			PrintWriter where = (result.outcome().exitCode() == 0) ? out : this.spec.commandLine().getErr();
			where.println(result.outcome().name().toLowerCase() + " in " + result.took().toMillis() + " ms: "
					+ result.message());
		}
		return result.outcome().exitCode();
	}

	private static Map<String, Object> json(ConnectorSwitch.Result result, URI fromUrl, URI toUrl) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("outcome", result.outcome().name());
		json.put("from", result.from());
		json.put("to", result.to());
		json.put("connect", fromUrl.toString());
		json.put("connectTo", toUrl.toString());
		json.put("message", result.message());
		json.put("tookMillis", result.took().toMillis());
		json.put("partitions", result.partitions());
		List<Map<String, Object>> steps = result.steps()
			.stream()
			.map((step) -> Map.<String, Object>of("step", step.name(), "millis", step.took().toMillis(), "detail",
					step.detail()))
			.toList();
		json.put("steps", steps);
		return json;
	}

}
