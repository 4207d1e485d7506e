package io.bluegreen.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Proposes desired states and learns the log's decision on them. A proposal is decided
 * once the log was read past a decided state of its version; the proposal won if it is
 * that state. A won proposal is repeated as the deployment's decision and the proposals
 * it covers are removed, so that a compacted log keeps the decision.
 * <p>
 * A proposal waits, unwritten, while a live instance may hold a state of its version or a
 * later one that this instance has not read: it reports having applied one, or it
 * reported before the control topic was lost and created anew and has not reported since.
 * The instances that hold the decided state write it into a new topic; a proposal written
 * before it would decide its version anew over the state the fleet follows. It is written
 * once no such instance is live ({@link Liveness}: its reports and its consumers' group
 * membership), loses without being written once the state arrives, and is unknown if it
 * times out first. A proposal read as won in a control topic created anew after it was
 * written is repeated as the decision but answered unknown: it may have been written into
 * the lost topic and landed late in the new one, where the state decided in the lost
 * topic replaces it once its holders write it again. A first state read so is not
 * repeated: it stays a proposal, which every reader checks before following it.
 * <p>
 * Runs on the {@link FleetExecutor}: proposals and their decisions are handled one at a
 * time.
 *
 * @author bluegreen
 */
public class Proposer {

	private static final Log logger = LogFactory.getLog(Proposer.class);

	private final FleetSettings settings;

	private final Liveness liveness;

	private final ControlLog log;

	private final FleetExecutor executor;

	private final Supplier<String> ids;

	private final Duration timeout;

	private final List<Pending> pending = new ArrayList<>();

	/**
	 * Create a new proposer.
	 * @param settings the interval at which a proposal held back is looked at again
	 * @param liveness which instances are live, and so may write a state this instance
	 * has not read
	 * @param log the control log
	 * @param executor the executor of the fleet's work
	 * @param ids a source of unique ids
	 * @param timeout how long a proposal may take to be decided before its outcome is
	 * reported as unknown
	 */
	public Proposer(FleetSettings settings, Liveness liveness, ControlLog log, FleetExecutor executor,
			Supplier<String> ids, Duration timeout) {
		this.settings = settings;
		this.liveness = liveness;
		this.log = log;
		this.executor = executor;
		this.ids = ids;
		this.timeout = timeout;
		log.onChange((view) -> executor.execute(this::decide));
	}

	/**
	 * Return a new unique id, for a proposal or a switch.
	 * @return the id
	 */
	public String newId() {
		return this.ids.get();
	}

	/**
	 * Propose a desired state.
	 * @param proposed a state derived from the decided one
	 * @return the decision, completed on the executor
	 */
	public CompletableFuture<Decision> propose(DesiredState proposed) {
		CompletableFuture<Decision> decision = new CompletableFuture<>();
		this.executor.execute(() -> {
			Pending pending = new Pending(proposed, decision);
			this.pending.add(pending);
			pending.timeout = this.executor.schedule(() -> expire(pending), this.timeout);
			decide();
		});
		return decision;
	}

	private void write(Pending pending) {
		pending.written = true;
		pending.topics = this.log.view().topics();
		pending.held = null;
		this.log.append(new ControlRecord.Proposal(pending.proposed)).whenComplete((position, ex) -> {
			if (ex != null) {
				// It may still have been written: the decision or the timeout tells
				this.executor.execute(() -> pending.failure = ex);
			}
		});
	}

	private void decide() {
		FleetView view = this.log.view();
		DesiredState desired = view.desired();
		Iterator<Pending> iterator = this.pending.iterator();
		while (iterator.hasNext()) {
			Pending pending = iterator.next();
			DesiredState proposed = pending.proposed;
			if (desired == null || desired.version() < proposed.version()) {
				if (!pending.written) {
					holdOrWrite(pending, view);
				}
				continue;
			}
			iterator.remove();
			pending.cancelTimers();
			pending.decision.complete(decision(pending, view, desired));
		}
	}

	/**
	 * Write a proposal unless a live instance may hold a state of its version or a later
	 * one that this instance has not read: it reports such a state, or it reported before
	 * the control topic was created anew and not since. Asks {@link Liveness} without
	 * waiting, and looks again every heartbeat interval while such an instance is live.
	 */
	private void holdOrWrite(Pending pending, FleetView view) {
		long version = pending.proposed.version();
		List<InstanceReport> ahead = new ArrayList<>(view.formerReports().values());
		view.reports().values().stream().filter((report) -> report.version() >= version).forEach(ahead::add);
		if (ahead.isEmpty()) {
			write(pending);
			return;
		}
		if (pending.checking) {
			return;
		}
		pending.checking = true;
		this.liveness.liveAsync(ahead).whenComplete((live, ex) -> this.executor.execute(() -> {
			pending.checking = false;
			if (pending.written || !this.pending.contains(pending)) {
				return;
			}
			InstanceReport holder = (live != null && !live.isEmpty()) ? live.get(0) : null;
			if (holder == null && ex == null) {
				// Read on meanwhile: the log may have decided its version, or hold a
				// report of a later one
				FleetView now = this.log.view();
				if (now.position() == view.position() && now.topics() == view.topics()) {
					write(pending);
				}
				else {
					decide();
				}
				return;
			}
			String held = (holder == null)
					? "the instances that may hold it could not be told apart from gone: " + Completions.message(ex)
					: describe(holder, view);
			if (pending.held == null) {
				logger.info("Proposal of version " + version + " waits: " + held);
			}
			pending.held = held;
			if (pending.recheck != null) {
				pending.recheck.cancel();
			}
			pending.recheck = this.executor.schedule(this::decide, this.settings.heartbeatInterval());
		}));
	}

	private static String describe(InstanceReport holder, FleetView view) {
		if (view.formerReports().containsKey(holder.instanceId())) {
			return "instance " + holder.instanceId() + " is live and has not reported since the control topic was "
					+ "created anew; it may hold a state this instance has not read";
		}
		return "instance " + holder.instanceId() + " reports version " + holder.version()
				+ ", which this instance has not read; the control topic may have been created anew";
	}

	private Decision decision(Pending pending, FleetView view, DesiredState desired) {
		DesiredState proposed = pending.proposed;
		if (!pending.written) {
			return new Decision(Verdict.LOST, desired, null);
		}
		String winner = view.decisions().get(proposed.version());
		if (winner == null) {
			// A reader that lagged behind a compaction meets a later decision first, and
			// the fold keeps only recent versions: the proposal may have won all the same
			return new Decision(Verdict.UNKNOWN, desired, "the log read no longer shows which proposal of version "
					+ proposed.version() + " was decided; version " + desired.version() + " is decided");
		}
		if (!proposed.proposalId().equals(winner)) {
			return new Decision(Verdict.LOST, desired, null);
		}
		boolean crossed = view.topics() != pending.topics;
		if (crossed && proposed.version() == 1) {
			// A first state stays a proposal that every reader doubts until nothing
			// else may be held: a decision would make them follow it at once
			return new Decision(Verdict.UNKNOWN, desired, "the control topic was created anew while the first "
					+ "state was proposed; it may have landed in the new topic next to a state held elsewhere");
		}
		record(proposed, view);
		if (crossed) {
			// The fleet follows it, unless the instances that held a state of its version
			// in the lost topic write that state again: too late to act on as won
			return new Decision(Verdict.UNKNOWN, desired,
					"the control topic was created anew while the proposal of version " + proposed.version()
							+ " was written; it may have landed in the new topic, where the state decided in the lost "
							+ "topic replaces it once written again");
		}
		return new Decision(Verdict.WON, desired, null);
	}

	private void record(DesiredState won, FleetView view) {
		// Removals only once the decision that covers them is written
		boolean latest = view.desired() != null && view.desired().proposalId().equals(won.proposalId());
		List<ControlRecord> removals = latest ? view.removable() : List.of();
		this.log.append(new ControlRecord.Decision(won))
			.thenRun(() -> removals.forEach(this.log::append))
			.exceptionally((ex) -> {
				logger.debug("Decision of version " + won.version() + " not repeated; a later one covers it", ex);
				return null;
			});
	}

	private void expire(Pending pending) {
		if (this.pending.remove(pending)) {
			pending.cancelTimers();
			String held = pending.held;
			if (held != null) {
				pending.decision
					.complete(new Decision(Verdict.UNKNOWN, this.log.view().desired(), "proposal of version "
							+ pending.proposed.version() + " not written within " + this.timeout + ": " + held));
				return;
			}
			String cause = (pending.failure != null) ? String.valueOf(pending.failure.getMessage())
					: "not read back within " + this.timeout;
			pending.decision.complete(new Decision(Verdict.UNKNOWN, this.log.view().desired(), "proposal of version "
					+ pending.proposed.version() + " may or may not have been written: " + cause));
		}
	}

	/**
	 * How the log decided on a proposal.
	 */
	public enum Verdict {

		/**
		 * The proposal is the decided state of its version.
		 */
		WON,

		/**
		 * Another proposal of its version was decided.
		 */
		LOST,

		/**
		 * It is not known whether the proposal won: it may not have been written, or the
		 * log read no longer shows which proposal of its version was decided. A later
		 * read shows the decided state.
		 */
		UNKNOWN

	}

	/**
	 * The decision on a proposal.
	 *
	 * @param verdict whether it won
	 * @param current the decided state when the verdict was reached, or {@code null}
	 * @param problem why the verdict is {@link Verdict#UNKNOWN}, or {@code null}
	 */
	public record Decision(Verdict verdict, @Nullable DesiredState current, @Nullable String problem) {

	}

	private static final class Pending {

		private final DesiredState proposed;

		private final CompletableFuture<Decision> decision;

		private FleetExecutor.@Nullable Cancellable timeout;

		private FleetExecutor.@Nullable Cancellable recheck;

		private boolean written;

		// The view's count of control topics created anew when it was written
		private int topics;

		// Whether liveness is being asked whether it may be written
		private boolean checking;

		// Why it waits unwritten, or null
		private @Nullable String held;

		private @Nullable Throwable failure;

		private Pending(DesiredState proposed, CompletableFuture<Decision> decision) {
			this.proposed = proposed;
			this.decision = decision;
		}

		private void cancelTimers() {
			if (this.timeout != null) {
				this.timeout.cancel();
			}
			if (this.recheck != null) {
				this.recheck.cancel();
			}
		}

	}

}
