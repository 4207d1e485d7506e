package io.bluegreen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import io.bluegreen.cli.kafka.KafkaOptions;
import io.bluegreen.cli.kafka.KafkaSwitch;

/**
 * {@code bluegreen switch --to <color>}: switches the whole deployment through one
 * instance, prints each instance's state as it changes, then the outcome.
 *
 * @author bluegreen
 */
@Command(name = "switch", synopsisHeading = "usage: ", mixinStandardHelpOptions = true,
		description = "Switch the whole deployment to a color and wait until the switch ended.")
final class SwitchCommand implements Callable<Integer> {

	private static final long PROGRESS_INTERVAL_MILLIS = 250;

	@Spec
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Mixin
	private InstanceOptions instance = new InstanceOptions();

	@Mixin
	private KafkaOptions kafka = new KafkaOptions();

	@Option(names = "--to", required = true, paramLabel = "<color>", description = "The color to make active.")
	@SuppressWarnings("NullAway.Init")
	private String to;

	@Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "120",
			converter = Options.SecondsConverter.class,
			description = "How long to wait for the outcome (default: ${DEFAULT-VALUE}).")
	private int timeout;

	@Override
	public Integer call() throws InterruptedException {
		if (this.kafka.isSet()) {
			return new KafkaSwitch(this.kafka).run(this.to, this.timeout, this.spec.commandLine().getOut(),
					this.spec.commandLine().getErr());
		}
		InstanceClient client = this.instance.client();
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		Answer before;
		try {
			before = client.read();
		}
		catch (IOException ex) {
			err.println("bluegreen: no answer from " + client.endpoint() + ": " + Outcomes.describe(ex)
					+ "; nothing was asked");
			return ExitCode.UNREACHABLE;
		}
		if (!before.ok()) {
			return Outcomes.failed(before, err);
		}
		out.println("switching " + Objects.toString(before.text("fleet", "deployment"), "the deployment") + " from "
				+ before.text("fleet", "active") + " to " + this.to + " through instance "
				+ Objects.toString(before.text("fleet", "instanceId"), "") + " at " + client.endpoint());
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<Answer> request = executor.submit(() -> client.switchTo(this.to, Duration.ofSeconds(this.timeout)));
			Map<String, String> shown = StatusCommand.instances(before);
			while (true) {
				try {
					Answer answer = request.get(PROGRESS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
					showProgress(client, shown, out);
					return outcome(answer, out, err);
				}
				catch (TimeoutException ex) {
					shown = showProgress(client, shown, out);
				}
				catch (ExecutionException ex) {
					// the task's exception is always the cause
					return noAnswer(client, Objects.requireNonNull(ex.getCause()), err);
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private Map<String, String> showProgress(InstanceClient client, Map<String, String> shown, PrintWriter out)
			throws InterruptedException {
		Answer now;
		try {
			now = client.read();
		}
		catch (IOException ex) {
			// progress is a courtesy: the switch's own answer decides
			return shown;
		}
		if (!now.ok()) {
			return shown;
		}
		Map<String, String> states = StatusCommand.instances(now);
		states.forEach((id, state) -> {
			if (!state.equals(shown.get(id))) {
				out.println("  " + id + " " + state);
			}
		});
		return states;
	}

	private int noAnswer(InstanceClient client, Throwable cause, PrintWriter err) {
		if (cause instanceof IOException io && JsonHttp.notSent(io)) {
			err.println("bluegreen: cannot reach " + client.endpoint() + ": " + Outcomes.describe(cause)
					+ "; nothing was asked");
			return ExitCode.UNREACHABLE;
		}
		err.println("bluegreen: no answer to the switch from " + client.endpoint() + " (" + Outcomes.describe(cause)
				+ "): the outcome is unknown; 'bluegreen status' shows the decided state once readable");
		return ExitCode.UNKNOWN;
	}

	static int outcome(Answer answer, PrintWriter out, PrintWriter err) {
		String outcome = answer.text("outcome");
		if (outcome == null) {
			if (answer.status() >= 500) {
				return Outcomes.unknown(answer, err);
			}
			return answer.ok() ? Outcomes.unreadable(answer, err) : Outcomes.failed(answer, err);
		}
		String reason = answer.text("reason");
		String because = (reason != null) ? ": " + reason : "";
		JsonNode unanswered = answer.at("unanswered");
		String missing = (unanswered.isArray() && !unanswered.isEmpty()) ? "; did not confirm: " + names(unanswered)
				: "";
		String completedAfter = answer.text("completedAfterMillis");
		String took = (completedAfter != null) ? " in " + completedAfter + " ms" : "";
		String to = answer.text("to");
		String from = answer.text("from");
		return switch (outcome) {
			case "COMPLETED" -> {
				out.println("completed" + took + ": " + to + " is active");
				yield ExitCode.OK;
			}
			case "UNCHANGED" -> {
				out.println("unchanged: " + to + " already was active");
				yield ExitCode.OK;
			}
			case "ABORTED" -> {
				err.println("aborted" + because + missing + "; " + from + " kept consuming");
				yield ExitCode.ABORTED;
			}
			case "UNKNOWN" -> {
				err.println("outcome unknown" + because + "; 'bluegreen status' shows the decided state once readable");
				yield ExitCode.UNKNOWN;
			}
			case "CONFLICT" -> {
				err.println("not switched" + because);
				yield ExitCode.REFUSED;
			}
			default -> {
				err.println("not switched: outcome " + outcome + because);
				yield answer.ok() ? ExitCode.ERROR : ExitCode.ofStatus(answer.status());
			}
		};
	}

	private static List<String> names(JsonNode array) {
		return array.valueStream().map((node) -> String.valueOf(Answer.text(node))).toList();
	}

}
