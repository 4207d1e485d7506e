package io.bluegreen.benchmark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import io.bluegreen.benchmark.SwitchBenchmark.Selection;

/**
 * The benchmark's command line: what to measure, how long, and where the results go. It
 * runs the selected measurement and prints its table.
 *
 * @author bluegreen
 */
@Command(name = "bluegreen-benchmark", sortOptions = false,
		description = "Measure the ways of switching Kafka consumers between two colors, side by side.")
final class BenchmarkCommand implements Callable<Integer> {

	@Option(names = "--scenario", paramLabel = "NAME", defaultValue = "all", converter = SelectionConverter.class,
			completionCandidates = SelectionNames.class,
			description = "What to measure, one of: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
	private Selection selection = Selection.ALL;

	@Option(names = "--quick",
			description = "Make a short run of what is selected, to check the benchmark, not to quote.")
	private boolean quick;

	@Option(names = "--output", paramLabel = "DIR", defaultValue = "target/benchmark",
			description = "Where the results go (default ${DEFAULT-VALUE}).")
	private Path output = Path.of("target", "benchmark");

	@Option(names = "--protocols", paramLabel = "LIST", split = ",", defaultValue = "classic,consumer",
			converter = ProtocolConverter.class,
			description = "The group protocols of the conditions and the transactional scenarios, in the order "
					+ "they run: the first runs on a fresh broker and JVM (default ${DEFAULT-VALUE}).")
	private List<String> protocols = SwitchBenchmark.Settings.GROUP_PROTOCOLS;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
	private boolean help;

	/**
	 * Run the command line.
	 * @param args the arguments
	 * @return the exit code: 0 when the run completed, 1 when it failed, 2 for wrong
	 * usage
	 */
	static int execute(String... args) {
		return execute(new PrintWriter(System.err, true), args);
	}

	/**
	 * Run the command line.
	 * @param err where wrong usage is told
	 * @param args the arguments
	 * @return the exit code: 0 when the run completed, 1 when it failed, 2 for wrong
	 * usage
	 */
	static int execute(PrintWriter err, String... args) {
		CommandLine commandLine = commandLine();
		commandLine.setErr(err);
		return commandLine.execute(args);
	}

	/**
	 * Parse arguments without running anything.
	 * @param args the arguments
	 * @return what they select
	 * @throws CommandLine.ParameterException if they are not allowed
	 */
	static BenchmarkCommand parse(String... args) {
		CommandLine commandLine = commandLine();
		commandLine.parseArgs(args);
		return commandLine.getCommand();
	}

	private static CommandLine commandLine() {
		return new CommandLine(new BenchmarkCommand()).setParameterExceptionHandler(BenchmarkCommand::wrongUsage);
	}

	private static int wrongUsage(CommandLine.ParameterException ex, String[] args) {
		CommandLine commandLine = ex.getCommandLine();
		PrintWriter err = commandLine.getErr();
		err.println(ex.getMessage());
		err.print(commandLine.getUsageMessage());
		err.flush();
		return commandLine.getCommandSpec().exitCodeOnInvalidInput();
	}

	boolean quick() {
		return this.quick;
	}

	Path output() {
		return this.output;
	}

	Selection selection() {
		return this.selection;
	}

	List<String> protocols() {
		return this.protocols;
	}

	@Override
	public Integer call() throws Exception {
		if (this.selection == Selection.SCALE || this.selection == Selection.REQUESTS) {
			ScaleSweep.Settings full = (this.selection == Selection.SCALE) ? ScaleSweep.Settings.FULL
					: ScaleSweep.Settings.REQUESTS;
			ScaleSweep.Results results = ScaleSweep.run(this.quick ? ScaleSweep.Settings.QUICK : full, this.output);
			print(ScaleReport.table(results), ScaleSweep.RESULTS);
		}
		else if (this.selection == Selection.COST) {
			RecordCost.Results results = RecordCost
				.run(this.quick ? RecordCost.Settings.QUICK : RecordCost.Settings.FULL, this.output);
			print(CostReport.table(results), RecordCost.RESULTS);
		}
		else {
			SwitchBenchmark.Results results = SwitchBenchmark.run(
					this.quick ? SwitchBenchmark.Settings.QUICK : SwitchBenchmark.Settings.FULL, this.output,
					this.selection, List.copyOf(this.protocols));
			print(SwitchReport.table(results), SwitchBenchmark.RESULTS);
		}
		return CommandLine.ExitCode.OK;
	}

	private void print(String table, String resultsFile) {
		System.out.println(table);
		System.out.println("Results: " + this.output.resolve(resultsFile).toAbsolutePath());
	}

	/**
	 * Reads a selection by its lower-case name, as the command line writes it.
	 */
	static final class SelectionConverter implements ITypeConverter<Selection> {

		@Override
		public Selection convert(String value) {
			return Arrays.stream(Selection.values())
				.filter((selection) -> SelectionNames.name(selection).equals(value))
				.findFirst()
				.orElseThrow(() -> new TypeConversionException(
						"'" + value + "' is not a scenario; allowed: " + String.join(", ", new SelectionNames())));
		}

	}

	/**
	 * Reads a group protocol, as the consumers' {@code group.protocol} names it.
	 */
	static final class ProtocolConverter implements ITypeConverter<String> {

		@Override
		public String convert(String value) {
			if (!SwitchBenchmark.Settings.GROUP_PROTOCOLS.contains(value)) {
				throw new TypeConversionException("'" + value + "' is not a group protocol; allowed: "
						+ String.join(", ", SwitchBenchmark.Settings.GROUP_PROTOCOLS));
			}
			return value;
		}

	}

	/**
	 * The names of the selections, as the command line writes them.
	 */
	static final class SelectionNames implements Iterable<String> {

		static String name(Selection selection) {
			return selection.name().toLowerCase(Locale.ROOT);
		}

		@Override
		public Iterator<String> iterator() {
			return Arrays.stream(Selection.values()).map(SelectionNames::name).iterator();
		}

	}

}
