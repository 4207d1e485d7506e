package io.bluegreen.cli.connect;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bluegreen connect}: blue/green for Kafka Connect connectors.
 *
 * @author bluegreen
 */
@Command(name = "connect", synopsisHeading = "usage: ", mixinStandardHelpOptions = true,
		synopsisSubcommandLabel = "COMMAND",
		description = "Switch a pipeline from one sink connector to another with an exact offset handover, "
				+ "and show connectors.",
		subcommands = { ConnectSwitchCommand.class, ConnectStatusCommand.class, CommandLine.HelpCommand.class })
public final class ConnectCommand implements Callable<Integer> {

	@Spec
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Override
	public Integer call() {
		throw new ParameterException(this.spec.commandLine(), "no connect command");
	}

}
