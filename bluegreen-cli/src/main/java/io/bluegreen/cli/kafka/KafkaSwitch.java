package io.bluegreen.cli.kafka;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.jspecify.annotations.Nullable;

import io.bluegreen.cli.ExitCode;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.kafka.KafkaSwitchParticipant;

/**
 * Switches a deployment through its control topic: the command line joins the fleet
 * protocol as a participant that consumes nothing and coordinates the switch with the
 * same coordinator the instances use, printing each instance's state as it changes.
 *
 * @author bluegreen
 */
public final class KafkaSwitch {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

	private static final long PROGRESS_INTERVAL_MILLIS = 250;

	private final KafkaOptions options;

	/**
	 * Create a switch.
	 * @param options where the deployment is
	 */
	public KafkaSwitch(KafkaOptions options) {
		this.options = options;
	}

	/**
	 * Switch the deployment and wait for the outcome.
	 * @param to the color to make active
	 * @param timeout how long to wait for the outcome, in seconds
	 * @param out where to print progress and a completed outcome
	 * @param err where to print everything else
	 * @return the exit code
	 * @throws InterruptedException if interrupted while waiting
	 */
	public int run(String to, int timeout, PrintWriter out, PrintWriter err) throws InterruptedException {
		Map<String, Object> connection = this.options.connection();
		String deployment = this.options.deployment();
		String topic = this.options.controlTopic();
		String problem = checkControlTopic(connection, topic);
		if (problem != null) {
			err.println("bluegreen: " + problem + "; nothing was asked");
			return problem.startsWith("no control topic") ? ExitCode.ERROR : ExitCode.UNREACHABLE;
		}
		String participantId = "cli-" + UUID.randomUUID().toString().substring(0, 8);
		try (KafkaSwitchParticipant participant = new KafkaSwitchParticipant(connection, topic, deployment,
				participantId, this.options.colors(), this.options.groupId(),
				Duration.ofSeconds(this.options.switchTimeout()), Duration.ofSeconds(this.options.instanceTimeout()))) {
			participant.start();
			if (!participant.log().awaitReadable(CONNECT_TIMEOUT)) {
				err.println("bluegreen: could not read control topic " + topic + " within " + CONNECT_TIMEOUT.toSeconds()
						+ " s; nothing was asked");
				return ExitCode.UNREACHABLE;
			}
			FleetView before = participant.log().view();
			if (before.desired() == null && before.reports().isEmpty()) {
				err.println("bluegreen: no deployment '" + deployment + "' in control topic " + topic
						+ "; nothing was asked");
				return ExitCode.ERROR;
			}
			if (participant.settings().color(to).isEmpty()) {
				err.println("bluegreen: unknown color '" + to + "'; allowed values: " + this.options.colors());
				return ExitCode.ERROR;
			}
			out.println("switching " + deployment + " from "
					+ ((before.desired() != null) ? before.desired().active() : "(none)") + " to " + to
					+ " through control topic " + topic + " as " + participantId);
			CompletableFuture<SwitchResult> switching = participant.service()
				.startSwitch(to, this.options.requestedBy(), this.options.reason());
			return await(participant, switching, timeout, out, err);
		}
	}

	private int await(KafkaSwitchParticipant participant, CompletableFuture<SwitchResult> switching, int timeout,
			PrintWriter out, PrintWriter err) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
		Map<String, String> shown = states(participant);
		while (true) {
			try {
				SwitchResult result = switching.get(PROGRESS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
				return outcome(result, out, err);
			}
			catch (TimeoutException ex) {
				if (System.nanoTime() > deadline) {
					err.println("bluegreen: no outcome within " + timeout + " s: the outcome is unknown; "
							+ "'bluegreen status' shows the decided state once readable");
					return ExitCode.UNKNOWN;
				}
				shown = progress(participant, shown, out);
			}
			catch (ExecutionException ex) {
				err.println("bluegreen: the switch failed: " + ex.getCause());
				return ExitCode.ERROR;
			}
		}
	}

	private static Map<String, String> states(KafkaSwitchParticipant participant) {
		Map<String, String> states = new HashMap<>();
		for (InstanceReport report : participant.liveness().live(participant.log().view())) {
			states.put(report.instanceId(), report.color() + " " + report.state());
		}
		return states;
	}

	private static Map<String, String> progress(KafkaSwitchParticipant participant, Map<String, String> shown,
			PrintWriter out) {
		Map<String, String> states = states(participant);
		states.forEach((id, state) -> {
			if (!state.equals(shown.get(id))) {
				out.println("  " + id + " " + state);
			}
		});
		return states;
	}

	static int outcome(SwitchResult result, PrintWriter out, PrintWriter err) {
		String because = (result.reason() != null) ? ": " + result.reason() : "";
		return switch (result.outcome()) {
			case COMPLETED -> {
				String took = (result.completedAfter() != null) ? " in " + result.completedAfter().toMillis() + " ms"
						: "";
				out.println("completed" + took + ": " + result.to() + " is active");
				yield ExitCode.OK;
			}
			case UNCHANGED -> {
				out.println("unchanged: " + result.to() + " already was active");
				yield ExitCode.OK;
			}
			case ABORTED -> {
				String missing = result.unanswered().isEmpty() ? ""
						: "; did not confirm: " + String.join(", ", result.unanswered());
				err.println("aborted" + because + missing + "; " + result.from() + " kept consuming");
				yield ExitCode.ABORTED;
			}
			case CONFLICT -> {
				err.println("not switched" + because);
				yield ExitCode.REFUSED;
			}
			case UNKNOWN -> {
				err.println("outcome unknown" + because);
				yield ExitCode.UNKNOWN;
			}
		};
	}

	/**
	 * Return why the control topic cannot be used, or {@code null}: the command never
	 * creates one, so a mistyped name changes nothing.
	 */
	private static @Nullable String checkControlTopic(Map<String, Object> connection, String topic)
			throws InterruptedException {
		Map<String, Object> config = new HashMap<>(connection);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis());
		try (Admin admin = Admin.create(config)) {
			Set<String> topics = admin.listTopics(new ListTopicsOptions().timeoutMs((int) CONNECT_TIMEOUT.toMillis()))
				.names()
				.get(CONNECT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
			return topics.contains(topic) ? null : "no control topic " + topic + " in the cluster";
		}
		catch (ExecutionException | TimeoutException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return "cannot reach the Kafka cluster at " + connection.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
					+ ": " + cause.getMessage();
		}
	}

}
