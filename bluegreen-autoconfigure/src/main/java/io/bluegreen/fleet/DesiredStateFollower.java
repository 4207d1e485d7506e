package io.bluegreen.fleet;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;

import org.springframework.context.SmartLifecycle;

/**
 * Makes this instance follow the desired state of its deployment. At startup, before the
 * listener containers start, it reads the control log to its end and decides the state
 * the lifecycle starts in, recording this instance's color as active if nothing is
 * recorded and it starts active. Then it pauses when a switch away from its color starts,
 * and resumes at the handover offsets when its color becomes active. Whenever the
 * instance's state differs from the one the fleet wants, it asks for that state again.
 *
 * @author bluegreen
 */
public class DesiredStateFollower implements SmartLifecycle {

	/**
	 * Phase of the follower: before the lifecycle service starts, after it stops.
	 */
	public static final int PHASE = LifecycleService.PHASE - 100;

	private static final Log logger = LogFactory.getLog(DesiredStateFollower.class);

	private final FleetSettings settings;

	private final ControlLog log;

	private final FleetDirective directive;

	private final LocalInstance instance;

	private final Proposer proposer;

	private final FleetExecutor executor;

	private final ClaimHold claimHold;

	private volatile boolean running;

	// Confined to the executor: why this instance does not claim its color yet
	private @Nullable String claimHeld;

	// Confined to the executor
	private boolean bootstrapped;

	private @Nullable CompletableFuture<?> request;

	// Confined to the executor: whether the groups are being described for a claim held
	// back, and whether the log changed meanwhile
	private boolean reclaiming;

	private boolean reclaimAgain;

	// Confined to the executor: the proposal of the decided state applied, which a
	// decision of its version written again into a new control topic may replace
	private @Nullable String appliedProposal;

	// Confined to the executor: this instance's claim, decided in the log but not
	// confirmed to it as won, and the proposal of a state found safe to follow
	private @Nullable String unconfirmedClaim;

	private @Nullable String trusted;

	// Confined to the executor: why a state is not followed yet, whether it is being
	// checked, and whether the log changed meanwhile
	private @Nullable String doubt;

	private boolean doubting;

	private boolean doubtAgain;

	private FleetExecutor.@Nullable Cancellable doubtRecheck;

	/**
	 * Create a new follower.
	 * @param settings who this instance is
	 * @param log the control log
	 * @param directive where the follower records what the fleet wants of this instance
	 * @param instance this instance
	 * @param proposer the proposer of the initial state
	 * @param executor the executor of the fleet's work
	 * @param membership the members of the colors' groups, which tell whether instances
	 * of the deployment run that the control log does not know of
	 */
	public DesiredStateFollower(FleetSettings settings, ControlLog log, FleetDirective directive,
			LocalInstance instance, Proposer proposer, FleetExecutor executor, GroupMembership membership) {
		this.settings = settings;
		this.log = log;
		this.directive = directive;
		this.instance = instance;
		this.proposer = proposer;
		this.executor = executor;
		this.claimHold = new ClaimHold(settings, instance, membership);
	}

	@Override
	public void start() {
		boolean readable = this.log.awaitReadable(this.settings.startupTimeout());
		CompletableFuture<Void> bootstrapped = bootstrap(readable);
		try {
			// A claim is decided within the proposal timeout; waiting longer only delays
			bootstrapped.get(this.settings.startupTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not decide the initial state; starting paused: " + ex);
		}
		this.running = true;
	}

	/**
	 * Decide the state the lifecycle starts in, then follow the desired state.
	 * @param readable whether the control log was read to its end
	 * @return completes once the initial state is decided
	 */
	public CompletableFuture<Void> bootstrap(boolean readable) {
		CompletableFuture<Void> decided = new CompletableFuture<>();
		this.executor.execute(() -> {
			if (!readable) {
				logger.warn("Could not read the control topic within " + this.settings.startupTimeout()
						+ "; starting paused until the desired state of deployment '" + this.settings.deployment()
						+ "' is known");
				this.directive.set(LifecycleState.PAUSED, "the control topic could not be read yet", 0, 0);
				follow(decided, false);
				return;
			}
			decideInitial(decided);
		});
		return decided;
	}

	/**
	 * Claim the color if nothing is recorded, this instance starts active and its groups
	 * have no member that no instance reported; else follow what is recorded.
	 */
	private void decideInitial(CompletableFuture<Void> decided) {
		FleetView view = this.log.view();
		if (view.desired() != null || this.settings.initialState() != LifecycleState.ACTIVE) {
			follow(decided, true);
			return;
		}
		this.claimHold.reason(view).thenAcceptAsync((held) -> {
			if (changedSince(view)) {
				// Decided on what the log holds now, as if at once
				decideInitial(decided);
				return;
			}
			this.claimHeld = held;
			if (held == null) {
				claim(decided);
				return;
			}
			logger.warn("Not claiming color '" + this.settings.color() + "' of deployment '"
					+ this.settings.deployment() + "': " + held);
			follow(decided, true);
		}, this.executor::execute);
	}

	/**
	 * Whether what a claim is decided on, the desired state and the instances' reports,
	 * changed since a view: the groups' members are compared with the reports of one
	 * view, and a claim is decided on the view it was checked against.
	 */
	private boolean changedSince(FleetView view) {
		FleetView now = this.log.view();
		return !Objects.equals(now.desired(), view.desired()) || !now.reports().equals(view.reports());
	}

	/**
	 * Nothing is recorded and this instance would start active: record its color as the
	 * active one, unless another instance did so first.
	 */
	private void claim(CompletableFuture<Void> decided) {
		DesiredState initial = DesiredState.initial(this.proposer.newId(), this.settings.color(),
				this.settings.instanceId(), this.settings.clock().instant());
		this.proposer.propose(initial).whenComplete((decision, ex) -> {
			claimed(initial, decision);
			follow(decided, true);
		});
	}

	/**
	 * Note how the log decided on a claim of this instance: a claim it won is followed at
	 * once; one the log decided but that the proposer could not confirm as won is doubted
	 * like a provisional state.
	 */
	private void claimed(DesiredState claim, Proposer.@Nullable Decision decision) {
		if (decision == null) {
			return;
		}
		if (decision.verdict() == Proposer.Verdict.WON) {
			this.trusted = claim.proposalId();
		}
		else if (decision.verdict() == Proposer.Verdict.UNKNOWN) {
			logger.warn("Could not confirm the claim of color '" + this.settings.color() + "': " + decision.problem()
					+ "; if the log decided it, it is followed once no other state may be held");
			this.unconfirmedClaim = claim.proposalId();
		}
	}

	private void follow(CompletableFuture<Void> decided, boolean readable) {
		this.bootstrapped = true;
		DesiredState desired = this.log.view().desired();
		if (desired != null) {
			apply(desired, true);
		}
		else if (readable && this.claimHeld != null) {
			this.directive.set(LifecycleState.PAUSED, claimHeldExplanation(), 0, 0);
		}
		else if (readable) {
			this.directive.set(LifecycleState.PAUSED, "nothing is recorded for deployment '"
					+ this.settings.deployment() + "' and this instance starts paused; " + switchHint(), 0, 0);
		}
		this.log.onChange((view) -> this.executor.execute(this::follow));
		decided.complete(null);
	}

	private void follow() {
		if (!this.bootstrapped) {
			return;
		}
		DesiredState desired = this.log.view().desired();
		if (desired != null && notApplied(desired)) {
			this.claimHeld = null;
			apply(desired, false);
		}
		else {
			if (desired == null && this.claimHeld != null) {
				reclaim();
			}
			reconcile();
		}
	}

	/**
	 * Whether a decided state is a later one than the state applied, or replaces it: a
	 * decision of the same version written again into a new control topic by the
	 * instances that held it in the lost one.
	 */
	private boolean notApplied(DesiredState desired) {
		long applied = this.directive.appliedVersion();
		return desired.version() > applied
				|| (desired.version() == applied && !desired.proposalId().equals(this.appliedProposal));
	}

	private String claimHeldExplanation() {
		return "nothing is recorded for deployment '" + this.settings.deployment()
				+ "', but instances the control topic does not know of run (" + this.claimHeld
				+ "); waiting for them to record their state, or " + switchHint();
	}

	/**
	 * Claim the color once the instances that held the claim back reported, or left.
	 */
	private void reclaim() {
		if (this.reclaiming) {
			// The log changed while the groups were described: once more, after them
			this.reclaimAgain = true;
			return;
		}
		this.reclaiming = true;
		this.reclaimAgain = false;
		FleetView view = this.log.view();
		this.claimHold.reason(view).thenAcceptAsync((held) -> {
			this.reclaiming = false;
			if (this.claimHeld == null || this.log.view().desired() != null) {
				// A state was decided meanwhile: the follower applies it
				return;
			}
			if (changedSince(view)) {
				reclaim();
				return;
			}
			if (held != null) {
				if (!held.equals(this.claimHeld)) {
					this.claimHeld = held;
					this.directive.set(LifecycleState.PAUSED, claimHeldExplanation(), 0, 0);
				}
				if (this.reclaimAgain) {
					reclaim();
				}
				return;
			}
			this.claimHeld = null;
			DesiredState initial = DesiredState.initial(this.proposer.newId(), this.settings.color(),
					this.settings.instanceId(), this.settings.clock().instant());
			this.proposer.propose(initial).whenComplete((decision, ex) -> this.executor.execute(() -> {
				claimed(initial, decision);
				follow();
			}));
		}, this.executor::execute);
	}

	private void apply(DesiredState desired, boolean initial) {
		if (desired.isConsuming(this.settings.color()) && doubts(desired)) {
			if (this.doubt == null) {
				holdDoubted(desired, "it checks that no other color consumes");
			}
			doubt();
			if (!initial) {
				reconcile();
			}
			return;
		}
		this.doubt = null;
		this.appliedProposal = desired.proposalId();
		SwitchInProgress inProgress = desired.switchInProgress();
		if (desired.isConsuming(this.settings.color())) {
			if (!initial) {
				// Before the state: a resume requested from now on must use them
				this.instance.continueAt(desired.handover());
			}
			this.directive.set(LifecycleState.ACTIVE, "color '" + this.settings.color() + "' is active",
					desired.version(), desired.appliedEpoch());
		}
		else {
			String explanation = (inProgress != null)
					? "a switch of deployment '" + this.settings.deployment() + "' from " + inProgress.from() + " to "
							+ inProgress.to() + " is in progress"
					: "color '" + this.settings.color() + "' is not active in deployment '" + this.settings.deployment()
							+ "' (active: " + desired.active() + "); " + switchHint();
			// The handover offsets stay: a resume already requested must still use them
			this.directive.set(LifecycleState.PAUSED, explanation, desired.version(), desired.appliedEpoch());
		}
		if (!initial) {
			this.request = null;
			reconcile();
		}
	}

	/**
	 * Whether a decided state that makes this color consume may not be the one the fleet
	 * holds: a provisional first state, this instance's claim that the proposer could not
	 * confirm, or a decision that replaces the state applied at its version. Each may
	 * come from a control topic that was lost and created anew: a claim written into the
	 * lost topic that landed late in the new one, or a state held by other instances
	 * written again there, while the instances that follow the other state still consume.
	 * A color that consumes already adds no color by following it.
	 */
	private boolean doubts(DesiredState desired) {
		String proposal = desired.proposalId();
		if (proposal.equals(this.trusted) || this.directive.target() == LifecycleState.ACTIVE) {
			return false;
		}
		FleetView view = this.log.view();
		DesiredState decided = view.desired();
		boolean provisional = view.provisional() && decided != null && decided.proposalId().equals(proposal);
		boolean replacing = desired.version() == this.directive.appliedVersion() && this.appliedProposal != null
				&& !proposal.equals(this.appliedProposal);
		return provisional || replacing || proposal.equals(this.unconfirmedClaim);
	}

	/**
	 * Follow a doubted state once no live instance of another color reports not being
	 * paused and every member of the colors' groups is an instance that reported; looked
	 * at again whenever the log changes, and every heartbeat interval.
	 */
	private void doubt() {
		if (this.doubting) {
			this.doubtAgain = true;
			return;
		}
		this.doubting = true;
		this.doubtAgain = false;
		FleetView view = this.log.view();
		CompletableFuture<@Nullable String> check;
		try {
			check = this.claimHold.reasonToDoubt(view);
		}
		catch (RuntimeException ex) {
			check = CompletableFuture.failedFuture(ex);
		}
		check.whenCompleteAsync((found, ex) -> {
			this.doubting = false;
			String reason = (ex != null) ? "the other color could not be checked: " + Completions.message(ex) : found;
			DesiredState desired = this.log.view().desired();
			if (desired == null || !desired.isConsuming(this.settings.color()) || !doubts(desired)) {
				// Another state was decided meanwhile, or confirmed
				follow();
				return;
			}
			if (reason != null) {
				holdDoubted(desired, reason);
				if (this.doubtAgain) {
					doubt();
				}
				else if (this.doubtRecheck == null) {
					// A member that left changes no view: looked at again every heartbeat
					this.doubtRecheck = this.executor.schedule(() -> {
						this.doubtRecheck = null;
						follow();
					}, this.settings.heartbeatInterval());
				}
				return;
			}
			if (changedSince(view)) {
				doubt();
				return;
			}
			this.trusted = desired.proposalId();
			follow();
		}, this.executor::execute);
	}

	/**
	 * Keep this instance paused on a state it doubts, saying why, with the state it
	 * applied before: the directive is set only when the reason changes, as every change
	 * is reported.
	 */
	private void holdDoubted(DesiredState desired, String reason) {
		if (reason.equals(this.doubt)) {
			return;
		}
		this.doubt = reason;
		this.directive.set(LifecycleState.PAUSED, "version " + desired.version() + " of deployment '"
				+ this.settings.deployment() + "', which makes color '" + this.settings.color()
				+ "' active, may not be the state the fleet holds: the control topic may have been created anew; "
				+ "not consuming while " + reason, this.directive.appliedVersion(), this.directive.appliedEpoch());
	}

	private String switchHint() {
		return "switch the deployment to it with {\"active\":\"" + this.settings.color() + "\"}";
	}

	/**
	 * Ask for the state the fleet wants, unless the instance is in it or a request for it
	 * is pending.
	 */
	private void reconcile() {
		if (!this.instance.isRunning()) {
			return;
		}
		LifecycleState target = this.directive.target();
		LifecycleState state = this.instance.state();
		boolean inTarget = (state == target) || (target == LifecycleState.PAUSED && state == LifecycleState.DRAINING);
		CompletableFuture<?> pending = this.request;
		if (inTarget || (pending != null && !pending.isDone())) {
			return;
		}
		this.request = this.instance.request(target).whenComplete((result, ex) -> {
			if (ex != null) {
				logger.error("Could not apply " + target + " as the fleet requires", ex);
			}
		});
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
