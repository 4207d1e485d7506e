package io.bluegreen.cli.kafka;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.bluegreen.cli.ExitCode;
import io.bluegreen.fleet.FleetSettings;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.kafka.control.KafkaSwitchParticipant;
import io.bluegreen.lifecycle.LifecycleState;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.jspecify.annotations.Nullable;

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
		this.options.checkTimeout(timeout);
		String topic = this.options.controlTopic();
		String problem = checkControlTopic(connection, topic);
		if (problem != null) {
			err.println("bluegreen: " + problem + "; nothing was asked");
			return problem.startsWith("no control topic") ? ExitCode.ERROR : ExitCode.UNREACHABLE;
		}
		String participantId = "cli-" + UUID.randomUUID().toString().substring(0, 8);
		FleetSettings settings = settings(deployment, participantId);
		try (KafkaSwitchParticipant participant = new KafkaSwitchParticipant(connection, topic, this.options.groupId(),
				settings)) {
			participant.start();
			if (!participant.log().awaitReadable(settings.startupTimeout())) {
				err.println("bluegreen: could not read control topic " + topic + " within "
						+ settings.startupTimeout().toSeconds() + " s; nothing was asked");
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
			CompletableFuture<SwitchResult> switching = participant.startSwitch(to, this.options.requestedBy(),
					this.options.reason());
			Thread untilEnded = untilEnded(participant, switching, err);
			Runtime.getRuntime().addShutdownHook(untilEnded);
			try {
				return await(participant, switching, timeout, out, err);
			}
			finally {
				removeShutdownHook(untilEnded);
			}
		}
	}

	/**
	 * Return a shutdown hook that keeps the participant coordinating a running switch
	 * until it ends or its deadline passes, so that Ctrl-C neither leaves the old color
	 * paused until the instances abort the switch nor cuts off the handover of offsets.
	 */
	private static Thread untilEnded(KafkaSwitchParticipant participant, CompletableFuture<SwitchResult> switching,
			PrintWriter err) {
		return new Thread(() -> {
			if (switching.isDone()) {
				return;
			}
			err.println("bluegreen: interrupted; coordinating the switch until it ends");
			err.flush();
			try {
				switching.get(participant.settings().switchTimeout().plus(CONNECT_TIMEOUT).toMillis(),
						TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// Its outcome is the control topic's; 'bluegreen status' shows it
			}
		}, "bluegreen-switch-until-ended");
	}

	private static void removeShutdownHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// Shutting down: the hook runs
		}
	}

	/**
	 * Return the command's settings as a participant of the fleet protocol. It reports
	 * nothing and warms no group, so only the colors, the timeouts and the time to wait
	 * for the control topic matter; the intervals of the other duties are valid
	 * placeholders.
	 */
	private FleetSettings settings(String deployment, String participantId) {
		Duration instanceTimeout = Duration.ofSeconds(this.options.instanceTimeout());
		List<String> colors = this.options.colors();
		return new FleetSettings(deployment, participantId, colors.get(0), colors, LifecycleState.PAUSED,
				Duration.ofSeconds(this.options.switchTimeout()), instanceTimeout.dividedBy(2), instanceTimeout,
				instanceTimeout, CONNECT_TIMEOUT, Clock.systemUTC());
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
					return finish(participant, switching, timeout, out, err);
				}
				shown = progress(participant, shown, out);
			}
			catch (ExecutionException ex) {
				return unknown(ex, err);
			}
		}
	}

	/**
	 * Keep coordinating a switch whose outcome did not come within the command's timeout
	 * until it ends or its own deadline passes: closing the participant earlier would
	 * leave the old color paused until the instances abort the switch, or cut off the
	 * handover of offsets.
	 */
	private int finish(KafkaSwitchParticipant participant, CompletableFuture<SwitchResult> switching, int timeout,
			PrintWriter out, PrintWriter err) throws InterruptedException {
		err.println("bluegreen: no outcome within " + timeout + " s; coordinating the switch until it ends");
		Duration grace = participant.settings().switchTimeout().plus(CONNECT_TIMEOUT);
		try {
			return outcome(switching.get(grace.toMillis(), TimeUnit.MILLISECONDS), out, err);
		}
		catch (TimeoutException ex) {
			err.println(
					"bluegreen: the outcome is unknown; 'bluegreen status' shows the decided state once " + "readable");
			return ExitCode.UNKNOWN;
		}
		catch (ExecutionException ex) {
			return unknown(ex, err);
		}
	}

	/**
	 * Report a switch that failed after its proposal may have been written: whether it
	 * was decided only the control topic tells.
	 */
	private static int unknown(ExecutionException ex, PrintWriter err) {
		err.println("bluegreen: the switch failed: " + ex.getCause() + "; the outcome is unknown, "
				+ "'bluegreen status' shows the decided state once readable");
		return ExitCode.UNKNOWN;
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
