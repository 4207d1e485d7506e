package io.bluegreen.cli.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.bluegreen.cli.Options;

/**
 * How to reach a deployment through its Kafka cluster instead of an instance, with the
 * client settings of a secured cluster in a properties file, as Kafka's own tools take
 * them.
 *
 * @author bluegreen
 */
public final class KafkaOptions {

	@Spec(Spec.Target.MIXEE)
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Option(names = "--bootstrap-server", paramLabel = "<host:port,...>",
			description = "Switch through the control topic of this Kafka cluster, coordinated by this command, "
					+ "instead of through an instance.")
	private @Nullable String bootstrapServer;

	@Option(names = "--command-config", paramLabel = "<file>",
			description = "Kafka client properties for a secured cluster (security.protocol, sasl.*, ssl.*), "
					+ "as for Kafka's own tools.")
	private @Nullable Path commandConfig;

	@Option(names = "--deployment", paramLabel = "<name>",
			description = "The deployment, as its instances' bluegreen.fleet.deployment.")
	private @Nullable String deployment;

	@Option(names = "--control-topic", paramLabel = "<topic>", defaultValue = "bluegreen-control",
			description = "The control topic, as the instances' bluegreen.fleet.control-topic (default: ${DEFAULT-VALUE}).")
	private String controlTopic = "bluegreen-control";

	@Option(names = "--colors", paramLabel = "<color>", split = ",", defaultValue = "blue,green",
			description = "The deployment's colors, as the instances' bluegreen.fleet.colors (default: ${DEFAULT-VALUE}).")
	private List<String> colors = new ArrayList<>(List.of("blue", "green"));

	@Option(names = "--group-id", paramLabel = "<pattern>", defaultValue = "{group}-{color}",
			description = "A color's consumer group, as the instances' bluegreen.fleet.group-id (default: ${DEFAULT-VALUE}).")
	private String groupId = "{group}-{color}";

	@Option(names = "--switch-timeout", paramLabel = "<seconds>", defaultValue = "60",
			converter = Options.SecondsConverter.class,
			description = "Time the old color has to confirm its pause before the switch is aborted, as the "
					+ "instances' bluegreen.fleet.switch-timeout; this command coordinates the switch, so its "
					+ "deadline applies (default: ${DEFAULT-VALUE}).")
	private int switchTimeout = 60;

	@Option(names = "--instance-timeout", paramLabel = "<seconds>", defaultValue = "15",
			converter = Options.SecondsConverter.class,
			description = "The instances' bluegreen.fleet.instance-timeout (default: ${DEFAULT-VALUE}).")
	private int instanceTimeout = 15;

	@Option(names = "--reason", paramLabel = "<text>",
			description = "Why, recorded with the switch in the control topic.")
	private @Nullable String reason;

	@Option(names = "--requested-by", paramLabel = "<name>",
			description = "Who asks, recorded with the switch (default: the user running this command).")
	private @Nullable String requestedBy;

	/**
	 * Return whether the switch goes through Kafka.
	 * @return whether a bootstrap server was given
	 */
	public boolean isSet() {
		return this.bootstrapServer != null;
	}

	/**
	 * Return the Kafka client configuration: the command config's properties, and the
	 * bootstrap servers.
	 * @return the configuration
	 */
	Map<String, Object> connection() {
		Map<String, Object> connection = new HashMap<>();
		if (this.commandConfig != null) {
			Properties properties = new Properties();
			try (Reader reader = Files.newBufferedReader(this.commandConfig)) {
				properties.load(reader);
			}
			catch (IOException ex) {
				throw new ParameterException(this.spec.commandLine(),
						"cannot read --command-config " + this.commandConfig + ": " + ex.getMessage());
			}
			properties.stringPropertyNames().forEach((name) -> connection.put(name, properties.getProperty(name)));
		}
		connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServer);
		return connection;
	}

	String deployment() {
		if (this.deployment == null || this.deployment.isBlank()) {
			throw new ParameterException(this.spec.commandLine(), "--bootstrap-server needs --deployment");
		}
		return this.deployment;
	}

	String controlTopic() {
		return this.controlTopic;
	}

	/**
	 * Check that the command waits at least as long as a switch may take: the command
	 * coordinates the switch, and closing it before the switch's deadline would leave the
	 * old color paused until the instances abort it.
	 * @param timeout the command's {@code --timeout}, in seconds
	 */
	void checkTimeout(int timeout) {
		if (timeout < this.switchTimeout) {
			throw new ParameterException(this.spec.commandLine(), "--timeout (" + timeout
					+ " s) must be at least --switch-timeout (" + this.switchTimeout + " s) with --bootstrap-server");
		}
	}

	List<String> colors() {
		return this.colors;
	}

	String groupId() {
		return this.groupId;
	}

	int switchTimeout() {
		return this.switchTimeout;
	}

	int instanceTimeout() {
		return this.instanceTimeout;
	}

	@Nullable String reason() {
		return this.reason;
	}

	String requestedBy() {
		return (this.requestedBy != null) ? this.requestedBy : System.getProperty("user.name", "bluegreen-cli");
	}

}
