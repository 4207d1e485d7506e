package io.bluegreen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.bluegreen.cli.connect.ConnectCommand;

/**
 * The command line for pipelines: {@code status} shows the active color, the switch in
 * progress and every instance; {@code switch --to <color>} switches the whole deployment,
 * shows the instances draining while it waits, and exits with a code that says how it
 * ended. Talks to any one instance of either color over HTTP, and needs nothing but this
 * jar and a JDK.
 *
 * @author bluegreen
 */
@Command(name = "bluegreen", synopsisHeading = "usage: ", mixinStandardHelpOptions = true,
		versionProvider = BlueGreenCli.Version.class, synopsisSubcommandLabel = "COMMAND",
		description = "Switch a blue/green deployment, or a Kafka Connect pipeline, and show its state.",
		subcommands = { StatusCommand.class, SwitchCommand.class, ConnectCommand.class, CommandLine.HelpCommand.class },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:done, or nothing needed to change", "1:request rejected, or an answer that cannot be read",
				"2:aborted: the old side resumed and kept running (bluegreen's ABORTED, HTTP 503)",
				"3:refused: another switch in progress, or not possible now (HTTP 409)",
				"4:not authorized (HTTP 401, 403, or a read-only endpoint)",
				"5:outcome unknown (HTTP 504, a 5xx that is not bluegreen's answer, or no answer after the request "
						+ "was sent): check with 'bluegreen status'",
				"6:unreachable: no connection, nothing was asked", "64:wrong usage" })
public final class BlueGreenCli implements Callable<Integer> {

	@Spec
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	public static void main(String[] args) {
		// the Kafka admin client logs through SLF4J,
		// which has no provider in this jar: say nothing
		System.setProperty("slf4j.internal.verbosity", "ERROR");
		System.exit(run(args, System.out, System.err, System.getenv()));
	}

	/**
	 * Run a command.
	 * @param args the command and its options
	 * @param out where to print results
	 * @param err where to print errors
	 * @param environment the environment, for {@code BLUEGREEN_URL} and
	 * {@code BLUEGREEN_TOKEN}
	 * @return the exit code, one of {@link ExitCode}
	 */
	public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
		CommandLine commandLine = commandLine(environment);
		commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
		commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
		return commandLine.execute(args);
	}

	/**
	 * The command line, for tests of its parsing.
	 * @param environment the environment
	 * @return the command line, ready to parse or execute
	 */
	static CommandLine commandLine(Map<String, String> environment) {
		CommandLine commandLine = new CommandLine(new BlueGreenCli());
		commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
		commandLine.setExitCodeExceptionMapper((ex) -> ExitCode.ERROR);
		commandLine.setParameterExceptionHandler(BlueGreenCli::wrongUsage);
		commandLine.setExecutionExceptionHandler((ex, line, parsed) -> {
			line.getErr().println("bluegreen: " + ex);
			return ExitCode.ERROR;
		});
		return commandLine;
	}

	@Override
	public Integer call() {
		throw new ParameterException(this.spec.commandLine(), "no command");
	}

	private static int wrongUsage(ParameterException ex, String[] args) {
		CommandLine commandLine = ex.getCommandLine();
		PrintWriter err = commandLine.getErr();
		err.println("bluegreen: " + ex.getMessage());
		err.print(commandLine.getUsageMessage());
		err.flush();
		return ExitCode.USAGE;
	}

	/**
	 * Options that default to environment variables.
	 */
	private record EnvironmentDefaults(Map<String, String> environment) implements CommandLine.IDefaultValueProvider {

		private static final Map<String, String> VARIABLES = Map.of("--url", "BLUEGREEN_URL", "--token",
				"BLUEGREEN_TOKEN", "--connect", "BLUEGREEN_CONNECT_URL", "--user", "BLUEGREEN_USER", "--cacert",
				"BLUEGREEN_CACERT", "--truststore-password", "BLUEGREEN_TRUSTSTORE_PASSWORD");

		@Override
		public @Nullable String defaultValue(ArgSpec argSpec) {
			if (argSpec instanceof OptionSpec option && VARIABLES.containsKey(option.longestName())) {
				String value = this.environment.get(VARIABLES.get(option.longestName()));
				return (value != null && !value.isBlank()) ? value : null;
			}
			return null;
		}

	}

	/**
	 * The version this jar was built as.
	 */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() throws IOException {
			Properties properties = new Properties();
			try (InputStream in = BlueGreenCli.class.getResourceAsStream("/bluegreen-cli.properties")) {
				if (in != null) {
					properties.load(in);
				}
			}
			return new String[] { "bluegreen " + properties.getProperty("version", "(unknown version)"),
					"Java " + System.getProperty("java.version") };
		}

	}

}
