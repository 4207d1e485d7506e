package io.bluegreen.cli.connect;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.bluegreen.cli.ExitCode;
import io.bluegreen.cli.JsonHttp;

/**
 * Switches a pipeline from one sink connector to another: stops the old one and waits
 * until no task is left, copies its committed offsets to the stopped new one and reads
 * them back, then resumes the new one and waits until all its tasks run. If a step before
 * the resume fails, the old connector is resumed. If the resume is not answered with a
 * success, the old connector is resumed only once the new one is verified stopped, and is
 * otherwise left stopped with an unknown outcome. At no time do both run, and when
 * neither runs the result says so.
 *
 * @author bluegreen
 */
public final class ConnectorSwitch {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private static final int VERIFY_READS = 10;

	private static final Duration VERIFY_INTERVAL = Duration.ofMillis(500);

	private static final String STOPPED = "STOPPED";

	private static final String RUNNING = "RUNNING";

	private final ConnectClient fromCluster;

	private final ConnectClient toCluster;

	private final Duration stepTimeout;

	private final Listener listener;

	private final List<Step> steps = new ArrayList<>();

	private long started;

	private long stepStarted;

	/**
	 * Create a switch.
	 * @param fromCluster the cluster of the connector that runs now
	 * @param toCluster the cluster of the connector to run instead (the same one, or
	 * another cluster on the same Kafka)
	 * @param stepTimeout how long to wait for a connector to stop or to run
	 * @param listener told about each step as it ends
	 */
	public ConnectorSwitch(ConnectClient fromCluster, ConnectClient toCluster, Duration stepTimeout,
			Listener listener) {
		this.fromCluster = fromCluster;
		this.toCluster = toCluster;
		this.stepTimeout = stepTimeout;
		this.listener = listener;
	}

	/**
	 * Switch from one connector to another. Rollback is the same call with the two
	 * swapped.
	 * @param from the connector that runs now
	 * @param to the connector to run instead
	 * @return how the switch ended
	 * @throws InterruptedException if interrupted; the connectors are then left as they
	 * are
	 */
	public Result run(String from, String to) throws InterruptedException {
		this.steps.clear();
		this.started = System.nanoTime();
		this.stepStarted = this.started;
		if (from.equals(to) && this.fromCluster.base().equals(this.toCluster.base())) {
			return end(Outcome.REFUSED, from, to,
					"--from and --to name the same connector '" + from + "'; nothing changed", 0);
		}
		ConnectClient.Connector old;
		ConnectClient.Connector next;
		try {
			old = this.fromCluster.connector(from);
			next = this.toCluster.connector(to);
		}
		catch (IOException ex) {
			// only reads were asked so far
			return end(Outcome.UNREACHABLE, from, to,
					"no answer from the Connect cluster: " + describe(ex) + "; nothing changed", 0);
		}
		catch (ConnectApiException ex) {
			return end((ex.status() == 401 || ex.status() == 403) ? Outcome.NOT_AUTHORIZED : Outcome.REFUSED, from, to,
					ex.getMessage() + "; nothing changed", 0);
		}
		String refusal = refusal(from, old, to, next);
		if (refusal != null) {
			return end(Outcome.REFUSED, from, to, refusal + "; nothing changed", 0);
		}
		Objects.requireNonNull(old);
		Objects.requireNonNull(next);
		if (next.status().state().equals(RUNNING) && old.status().state().equals(STOPPED)) {
			return end(Outcome.UNCHANGED, from, to, "'" + to + "' already runs and '" + from + "' is stopped", 0);
		}
		step("check", from + " (" + old.type() + ", " + old.status() + ") -> " + to + " (" + next.type() + ", "
				+ next.status() + ")");
		return handOver(old, next);
	}

	private @Nullable String refusal(String from, ConnectClient.@Nullable Connector old, String to,
			ConnectClient.@Nullable Connector next) {
		if (old == null) {
			return "no connector '" + from + "' at " + this.fromCluster.base();
		}
		if (next == null) {
			return "no connector '" + to + "' at " + this.toCluster.base();
		}
		for (ConnectClient.Connector connector : List.of(old, next)) {
			if (!"sink".equals(connector.type())) {
				return "'" + connector.name() + "' is a " + connector.type()
						+ " connector: only sink connectors switch, since a source connector's offsets are "
						+ "committed periodically and a stopped source may not have committed what it produced last";
			}
		}
		if (!Objects.equals(topics(old), topics(next))) {
			return "'" + from + "' reads " + topics(old) + " but '" + to + "' reads " + topics(next)
					+ ": the offsets of one mean nothing to the other";
		}
		String oldState = old.status().state();
		String nextState = next.status().state();
		if (nextState.equals(RUNNING)) {
			return oldState.equals(STOPPED) ? null : "'" + to + "' is already RUNNING and '" + from + "' is " + oldState
					+ ": both run, which bluegreen never does; stop one of them";
		}
		if (oldState.equals(STOPPED)) {
			return "'" + from + "' is STOPPED and '" + to + "' is " + nextState
					+ ": neither runs, so there is nothing to hand over";
		}
		return null;
	}

	private static String topics(ConnectClient.Connector connector) {
		String topics = connector.config().get("topics");
		return (topics != null) ? "topics " + List.of(topics.split("\\s*,\\s*"))
				: "topics.regex " + connector.config().get("topics.regex");
	}

	private Result handOver(ConnectClient.Connector old, ConnectClient.Connector next) throws InterruptedException {
		String from = old.name();
		String to = next.name();
		Map<JsonNode, JsonNode> offsets;
		try {
			this.fromCluster.stop(from);
			ConnectClient.Status stopped = await(this.fromCluster, from, ConnectClient.Status::stopped);
			if (stopped == null) {
				return abort(from, to, "'" + from + "' did not stop within " + this.stepTimeout.toSeconds() + " s");
			}
			step("stop " + from, stopped.toString());
			offsets = this.fromCluster.offsets(from);
			step("read offsets", offsets.size() + " partitions of " + from);
			if (!next.status().stopped()) {
				this.toCluster.stop(to);
				ConnectClient.Status nextStopped = await(this.toCluster, to, ConnectClient.Status::stopped);
				if (nextStopped == null) {
					return abort(from, to, "'" + to + "' did not stop within " + this.stepTimeout.toSeconds() + " s");
				}
				step("stop " + to, nextStopped.toString());
			}
			Map<JsonNode, JsonNode> before = this.toCluster.offsets(to);
			Map<JsonNode, @Nullable JsonNode> wanted = new LinkedHashMap<>(offsets);
			before.keySet()
				.stream()
				.filter((partition) -> !offsets.containsKey(partition))
				.forEach((partition) -> wanted.put(partition, null));
			if (wanted.isEmpty()) {
				step("write offsets", "none to write: neither has committed offsets");
			}
			else if (offsets.isEmpty()) {
				this.toCluster.resetOffsets(to);
				step("write offsets", "reset " + before.size() + " partitions of " + to + ", as " + from + " has none");
			}
			else {
				this.toCluster.alterOffsets(to, wanted);
				step("write offsets", offsets.size() + " partitions to " + to);
			}
			Map<JsonNode, JsonNode> written = this.toCluster.offsets(to);
			if (!written.equals(offsets)) {
				return abort(from, to, "'" + to + "' reads back offsets " + written + " instead of " + offsets);
			}
			Map<JsonNode, JsonNode> after = this.fromCluster.offsets(from);
			if (!after.equals(offsets)) {
				return abort(from, to,
						"'" + from + "' committed offsets after it stopped: " + after + " instead of " + offsets);
			}
			step("verify offsets", to + " has exactly the offsets of " + from);
		}
		catch (IOException | ConnectApiException ex) {
			return abort(from, to, describe(ex));
		}
		return resume(from, to, offsets);
	}

	private Result resume(String from, String to, Map<JsonNode, JsonNode> offsets) throws InterruptedException {
		int partitions = offsets.size();
		try {
			this.toCluster.resume(to);
		}
		catch (IOException ex) {
			if (JsonHttp.notSent(ex)) {
				return abort(from, to, "cannot ask '" + to + "' to resume: " + describe(ex));
			}
			return unknownResume(from, to, offsets, "no answer to the resume of '" + to + "' (" + describe(ex) + ")");
		}
		catch (ConnectApiException ex) {
			// a proxy's 502 or 504 after forwarding, or a 500 after Connect applied it:
			// the resume may have been applied
			return unknownResume(from, to, offsets, describe(ex));
		}
		ConnectClient.Status running;
		try {
			running = await(this.toCluster, to, ConnectClient.Status::running);
		}
		catch (IOException | ConnectApiException ex) {
			return end(Outcome.FAILED, from, to, "'" + to + "' was resumed, but its status cannot be read ("
					+ describe(ex) + ") and '" + from + "' is stopped; see 'bluegreen connect status'", partitions);
		}
		if (running == null) {
			return end(Outcome.FAILED, from, to,
					"'" + to + "' was resumed but does not run within " + this.stepTimeout.toSeconds() + " s ("
							+ lastStatus(this.toCluster, to) + ") and '" + from
							+ "' is stopped: neither may be consuming; roll back with --from " + to + " --to " + from,
					partitions);
		}
		step("resume " + to, running.toString());
		return end(Outcome.COMPLETED, from, to, "'" + to + "' runs from the offsets of '" + from + "'", partitions);
	}

	/**
	 * The resume of the new connector was answered with something other than a success,
	 * or not at all: it may have been applied. The old connector stays stopped unless the
	 * new one is verified stopped. A connector's status shows {@code STOPPED} until a
	 * resume it applied takes effect, so reading it is not enough: the new connector is
	 * stopped again (which, once answered, outranks any resume Connect accepted before),
	 * and its offsets must still be the ones handed over, or it ran in between.
	 */
	private Result unknownResume(String from, String to, Map<JsonNode, JsonNode> offsets, String reason)
			throws InterruptedException {
		step("resume " + to, "unknown: " + reason);
		try {
			for (int read = 0; read < VERIFY_READS; read++) {
				ConnectClient.Status status = this.toCluster.status(to);
				if (!status.stopped()) {
					return unknown(from, to, reason, "'" + to + "' is " + status + " now", offsets.size());
				}
				Thread.sleep(VERIFY_INTERVAL.toMillis());
			}
			this.toCluster.stop(to);
			ConnectClient.Status stopped = await(this.toCluster, to, ConnectClient.Status::stopped);
			if (stopped == null) {
				return unknown(from, to, reason, "'" + to + "' did not stop again within "
						+ this.stepTimeout.toSeconds() + " s (" + lastStatus(this.toCluster, to) + ")", offsets.size());
			}
			Map<JsonNode, JsonNode> now = this.toCluster.offsets(to);
			if (!now.equals(offsets)) {
				return end(Outcome.FAILED, from, to,
						reason + "; '" + to + "' ran after all and committed offsets " + now + " beyond the " + offsets
								+ " handed over, and is stopped again; '" + from
								+ "' is stopped too: neither runs. Resume '" + to + "' (PUT /connectors/" + to
								+ "/resume), not '" + from + "', which would repeat what '" + to + "' delivered",
						offsets.size());
			}
			step("verify " + to + " stopped", stopped + ", offsets as handed over");
		}
		catch (IOException | ConnectApiException ex) {
			return unknown(from, to, reason, "the state of '" + to + "' cannot be read back (" + describe(ex) + ")",
					offsets.size());
		}
		return abort(from, to, reason + "; '" + to + "' is verified stopped with the offsets handed over");
	}

	private Result unknown(String from, String to, String reason, String found, int partitions) {
		return end(Outcome.UNKNOWN, from, to,
				reason + "; " + found + ". The resume of '" + to + "' may have been applied, so '" + from
						+ "' is left stopped: the two never run at once. Check with " + statusCommand(from, to)
						+ ": if '" + to + "' runs, the switch is done; if it is stopped, resume '" + from
						+ "' (PUT /connectors/" + from + "/resume)",
				partitions);
	}

	private String statusCommand(String from, String to) {
		String fromCommand = "'bluegreen connect status --connect " + this.fromCluster.base() + " " + from;
		if (this.toCluster.base().equals(this.fromCluster.base())) {
			return fromCommand + " " + to + "'";
		}
		return fromCommand + "' and 'bluegreen connect status --connect " + this.toCluster.base() + " " + to + "'";
	}

	private Result abort(String from, String to, String reason) throws InterruptedException {
		step("failed", reason);
		try {
			this.fromCluster.resume(from);
			ConnectClient.Status running = await(this.fromCluster, from, ConnectClient.Status::running);
			if (running != null) {
				step("resume " + from, running.toString());
				return end(Outcome.ABORTED, from, to,
						reason + "; '" + from + "' resumed and runs, '" + to + "' does not run", 0);
			}
			return end(Outcome.FAILED, from, to,
					reason + "; '" + from + "' was resumed but does not run within " + this.stepTimeout.toSeconds()
							+ " s (" + lastStatus(this.fromCluster, from) + "), and '" + to
							+ "' does not run: neither runs",
					0);
		}
		catch (IOException | ConnectApiException ex) {
			return end(
					Outcome.FAILED, from, to, reason + "; resuming '" + from + "' failed too (" + describe(ex) + "): '"
							+ from + "' is " + lastStatus(this.fromCluster, from) + " and '" + to + "' does not run",
					0);
		}
	}

	private ConnectClient.@Nullable Status await(ConnectClient cluster, String name,
			Predicate<ConnectClient.Status> condition) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + this.stepTimeout.toNanos();
		while (true) {
			ConnectClient.Status status = cluster.status(name);
			if (condition.test(status)) {
				return status;
			}
			if (System.nanoTime() - deadline > 0) {
				return null;
			}
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
	}

	private String lastStatus(ConnectClient cluster, String name) throws InterruptedException {
		try {
			return cluster.status(name).toString();
		}
		catch (IOException | ConnectApiException ex) {
			return "status unknown: " + describe(ex);
		}
	}

	private void step(String name, String detail) {
		long now = System.nanoTime();
		Step step = new Step(name, Duration.ofNanos(now - this.stepStarted), detail);
		this.stepStarted = now;
		this.steps.add(step);
		this.listener.step(step);
	}

	private Result end(Outcome outcome, String from, String to, String message, int partitions) {
		return new Result(outcome, from, to, message, List.copyOf(this.steps),
				Duration.ofNanos(System.nanoTime() - this.started), partitions);
	}

	private static String describe(Exception ex) {
		return (ex instanceof ConnectApiException) ? String.valueOf(ex.getMessage())
				: ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

	/**
	 * Told about each step of a switch as it ends.
	 */
	@FunctionalInterface
	public interface Listener {

		/**
		 * A step ended.
		 * @param step the step
		 */
		void step(Step step);

	}

	/**
	 * One step of a switch.
	 *
	 * @param name what was done
	 * @param took how long it took
	 * @param detail what came of it
	 */
	public record Step(String name, Duration took, String detail) {

	}

	/**
	 * How a switch ended.
	 *
	 * @param outcome the outcome
	 * @param from the connector that ran
	 * @param to the connector to run instead
	 * @param message what happened, for a person
	 * @param steps the steps taken
	 * @param took how long the switch took
	 * @param partitions how many partitions' offsets were handed over
	 */
	public record Result(Outcome outcome, String from, String to, String message, List<Step> steps, Duration took,
			int partitions) {

	}

	/**
	 * How a switch can end.
	 */
	public enum Outcome {

		/** The new connector runs from the old one's offsets; the old one is stopped. */
		COMPLETED(ExitCode.OK),

		/** The new connector already ran and the old one was stopped; nothing changed. */
		UNCHANGED(ExitCode.OK),

		/** A step before the resume failed: the old connector was resumed and runs. */
		ABORTED(ExitCode.ABORTED),

		/** The input or the connectors' states do not allow a switch; nothing changed. */
		REFUSED(ExitCode.REFUSED),

		/** The Connect cluster refused the credentials; nothing changed. */
		NOT_AUTHORIZED(ExitCode.NOT_AUTHORIZED),

		/** No connection to the Connect cluster; nothing changed. */
		UNREACHABLE(ExitCode.UNREACHABLE),

		/**
		 * The answer to the resume of the new connector was not a success, or was lost,
		 * and the new connector may run: the old one is left stopped. Needs a look at
		 * both.
		 */
		UNKNOWN(ExitCode.UNKNOWN),

		/**
		 * Neither connector may run now, or it is not known which does: needs a person.
		 */
		FAILED(ExitCode.ERROR);

		private final int exitCode;

		Outcome(int exitCode) {
			this.exitCode = exitCode;
		}

		/**
		 * The exit code of the command line for this outcome.
		 * @return the exit code
		 */
		public int exitCode() {
			return this.exitCode;
		}

	}

}
