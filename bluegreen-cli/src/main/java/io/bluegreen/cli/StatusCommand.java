package io.bluegreen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code bluegreen status}: the active color, the switch in progress, the last switch and
 * every instance, as one instance sees them.
 *
 * @author bluegreen
 */
@Command(name = "status", synopsisHeading = "usage: ", mixinStandardHelpOptions = true,
		description = "Show the active color, the switch in progress, the last switch and every instance.")
final class StatusCommand implements Callable<Integer> {

	@Spec
	@SuppressWarnings("NullAway.Init")
	private CommandSpec spec;

	@Mixin
	private InstanceOptions instance = new InstanceOptions();

	@Override
	public Integer call() throws InterruptedException {
		InstanceClient client = this.instance.client();
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		Answer answer;
		try {
			answer = client.read();
		}
		catch (IOException ex) {
			err.println("bluegreen: no answer from " + client.endpoint() + ": " + Outcomes.describe(ex));
			return ExitCode.UNREACHABLE;
		}
		if (!answer.ok()) {
			return Outcomes.failed(answer, err);
		}
		if (answer.text("state") == null) {
			return Outcomes.unreadable(answer, err);
		}
		if (answer.at("fleet").isMissingNode() || answer.at("fleet").isNull()) {
			out.println("instance at " + client.endpoint() + " (" + answer.text("color") + "): " + answer.text("state")
					+ " (no fleet coordination)");
			return ExitCode.OK;
		}
		out.println("instance " + answer.text("fleet", "instanceId") + " at " + client.endpoint());
		out.println("deployment " + answer.text("fleet", "deployment") + ": active " + answer.text("fleet", "active")
				+ ", epoch " + answer.text("fleet", "epoch"));
		JsonNode progress = answer.at("fleet", "switchInProgress");
		out.println("switch in progress: " + (progress.isObject() ? describeSwitch(progress) : "none"));
		JsonNode last = answer.at("fleet", "lastSwitch");
		if (last.isObject()) {
			String reason = Answer.text(last.path("reason"));
			out.println("last switch: " + Answer.text(last.path("outcome")) + " " + Answer.text(last.path("from"))
					+ " -> " + Answer.text(last.path("to")) + " at " + Answer.text(last.path("endedAt"))
					+ ((reason != null) ? " (" + reason + ")" : ""));
		}
		out.println("instances:");
		instances(answer).forEach((id, state) -> out.println("  " + id + " " + state));
		return ExitCode.OK;
	}

	static Map<String, String> instances(Answer answer) {
		Map<String, String> states = new LinkedHashMap<>();
		for (JsonNode instance : answer.at("fleet", "instances")) {
			states.put(String.valueOf(Answer.text(instance.path("instanceId"))),
					"(" + Answer.text(instance.path("color")) + ") " + Answer.text(instance.path("state")));
		}
		return states;
	}

	private static String describeSwitch(JsonNode progress) {
		return Answer.text(progress.path("from")) + " -> " + Answer.text(progress.path("to")) + " by "
				+ Answer.text(progress.path("coordinator")) + ", deadline " + Answer.text(progress.path("deadline"));
	}

}
