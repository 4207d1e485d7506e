package io.bluegreen.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Coordinates switches, pause first, resume second: the old color drains and confirms,
 * its groups' committed offsets are copied to the new color's groups, and only then the
 * log decides that the new color is active, which resumes it at exactly those offsets. If
 * the old color does not confirm in time, or a step fails, the switch is aborted and the
 * old color resumes. If a write's outcome cannot be known, the switch ends as
 * {@link SwitchOutcome#UNKNOWN}, never as an abort it may not be.
 * <p>
 * The old color has confirmed when every instance of it that reported recently reports
 * {@code PAUSED} for the switch's epoch and every member of its consumer groups belongs
 * to such an instance: group membership is the ground truth of who may still consume. An
 * instance that reported long ago, as an unchanged one does, counts through its members.
 * The groups of a color are the ones its instances report, so colors whose releases have
 * different listeners switch in both directions.
 * <p>
 * Every step runs on the {@link FleetExecutor}; waits are driven by the log's changes and
 * by a timer whose interval grows from 20 ms to 1 s, never by a blocked thread. What the
 * broker is asked, the groups' members and the copy of the offsets, comes back as a
 * completion that the next step continues from on the executor.
 *
 * @author bluegreen
 */
public class SwitchCoordinator {

	private static final Duration FIRST_CONFIRMATION_CHECK = Duration.ofMillis(20);

	private static final Duration LAST_CONFIRMATION_CHECK = Duration.ofSeconds(1);

	private static final Duration HANDOVER_RETRY = Duration.ofMillis(250);

	private static final Log logger = LogFactory.getLog(SwitchCoordinator.class);

	private final FleetSettings settings;

	private final ControlLog log;

	private final Proposer proposer;

	private final ColorOffsets offsets;

	private final GroupMembership membership;

	private final ClaimHold claimHold;

	private final LocalInstance instance;

	private final FleetExecutor executor;

	private final List<Switch> awaitingConfirmation = new CopyOnWriteArrayList<>();

	// What the switch this instance coordinates waited for at its last check
	private volatile @Nullable Waiting lastWaiting;

	/**
	 * Create a new coordinator.
	 * @param settings who this instance is
	 * @param log the control log
	 * @param proposer the proposer of the switch's states
	 * @param offsets the colors' committed offsets
	 * @param membership the members of the colors' groups, which must all have confirmed
	 * @param instance this instance, which knows how groups are named per color
	 * @param executor the executor of the fleet's work
	 */
	public SwitchCoordinator(FleetSettings settings, ControlLog log, Proposer proposer, ColorOffsets offsets,
			GroupMembership membership, LocalInstance instance, FleetExecutor executor) {
		this.settings = settings;
		this.log = log;
		this.proposer = proposer;
		this.offsets = offsets;
		this.membership = membership;
		this.instance = instance;
		this.executor = executor;
		this.claimHold = new ClaimHold(settings, instance, membership);
		log.onChange((view) -> {
			if (!this.awaitingConfirmation.isEmpty()) {
				executor.execute(this::checkConfirmations);
			}
		});
	}

	/**
	 * Switch from the decided state's active color to another. Call on the executor.
	 * @param before the decided state, with no switch in progress
	 * @param to the color to make active
	 * @param requestedAt when the switch was requested
	 * @return how the switch ended
	 */
	public CompletableFuture<SwitchResult> run(DesiredState before, String to, Instant requestedAt) {
		return run(before, to, requestedAt, null, null);
	}

	/**
	 * Switch from the decided state's active color to another, recording who asked and
	 * why with the switch. Call on the executor.
	 * @param before the decided state, with no switch in progress
	 * @param to the color to make active
	 * @param requestedAt when the switch was requested
	 * @param requestedBy who asked for the switch, or {@code null}
	 * @param requestReason why, or {@code null}
	 * @return how the switch ended
	 */
	public CompletableFuture<SwitchResult> run(DesiredState before, String to, Instant requestedAt,
			@Nullable String requestedBy, @Nullable String requestReason) {
		Switch running = new Switch(before, to, requestedAt, requestedBy, requestReason);
		running.start();
		return running.result;
	}

	/**
	 * Record the first active color of a deployment that has none, unless the
	 * {@link ClaimHold} says no first state may be recorded. Call on the executor.
	 * @param to the color to make active
	 * @param view the view the request found no state in
	 * @return how it ended
	 */
	public CompletableFuture<SwitchResult> first(String to, FleetView view) {
		return this.claimHold.reason(view).thenComposeAsync((held) -> {
			if (held != null) {
				return CompletableFuture.completedFuture(SwitchResult.of(SwitchOutcome.CONFLICT,
						this.settings.deployment(), null, to, "nothing is recorded for deployment '"
								+ this.settings.deployment() + "', but " + held + "; retry once it is resolved"));
			}
			DesiredState initial = DesiredState.initial(this.proposer.newId(), to, this.settings.instanceId(), now());
			return this.proposer.propose(initial).thenApply((decision) -> {
				SwitchOutcome outcome = switch (decision.verdict()) {
					case WON -> SwitchOutcome.COMPLETED;
					case LOST -> SwitchOutcome.CONFLICT;
					case UNKNOWN -> SwitchOutcome.UNKNOWN;
				};
				String reason = switch (decision.verdict()) {
					case WON -> null;
					case LOST -> "another instance recorded color '"
							+ ((decision.current() != null) ? decision.current().active() : "?") + "' as active first";
					case UNKNOWN -> decision.problem();
				};
				return SwitchResult.of(outcome, this.settings.deployment(), decision.current(), to, reason);
			});
		}, this.executor::execute);
	}

	private void checkConfirmations() {
		this.awaitingConfirmation.forEach(Switch::checkConfirmation);
	}

	/**
	 * Return what the switch in progress waits for: the instances of the old color that
	 * have not confirmed their pause and, if this instance coordinates it, the members of
	 * its groups that belong to no instance that confirmed, each with the time by which
	 * the broker removes it if it is gone. Never asks the broker: the members are the
	 * ones the switch found at its last check, so that status readers such as metrics
	 * scrapes cost nothing during a switch.
	 * <p>
	 * An instance that does not coordinate the switch names every live instance of the
	 * old color that has not confirmed, also one silent for longer than the instance
	 * timeout, as a draining one is until it confirms: the switch waits for its consumers
	 * as long as they are members of its groups.
	 * @param view the view of the control log
	 * @param live the instances {@link Liveness} finds live in that view
	 * @return what the switch waits for, empty if no switch is in progress or it waits
	 * for nothing
	 */
	public List<String> waitingFor(FleetView view, Collection<InstanceReport> live) {
		DesiredState desired = view.desired();
		SwitchInProgress inProgress = (desired != null) ? desired.switchInProgress() : null;
		if (inProgress == null) {
			return List.of();
		}
		Waiting waiting = this.lastWaiting;
		if (waiting != null && waiting.switchId().equals(inProgress.id())) {
			return waiting.unanswered();
		}
		return live.stream()
			.filter((report) -> report.color().equals(inProgress.from()) && !report.confirmsPause(inProgress.epoch()))
			.map((report) -> describe(report, inProgress))
			.toList();
	}

	/**
	 * Return what the old color's confirmation waits for: its instances that have not
	 * confirmed, else the members of its groups that belong to no instance that did,
	 * asked of the broker one group at a time.
	 */
	private CompletableFuture<List<String>> unconfirmed(FleetView view, SwitchInProgress inProgress) {
		Instances instances = unansweredInstances(view, inProgress);
		if (!instances.unanswered().isEmpty()) {
			return CompletableFuture.completedFuture(instances.unanswered());
		}
		CompletableFuture<List<String>> unanswered = CompletableFuture.completedFuture(new ArrayList<>());
		for (String group : new TreeSet<>(sources(view, inProgress).values())) {
			unanswered = unanswered.thenCompose((found) -> this.membership.memberIds(group).thenApply((memberIds) -> {
				for (String memberId : new TreeSet<>(memberIds)) {
					// By member id only: a client id may be
					// shared by consumers of other instances
					if (!instances.confirmedMembers().contains(memberId)) {
						InstanceReport owner = instances.byMember().get(memberId);
						found.add("member " + memberId + " of group " + group
								+ ((owner != null) ? " of " + describe(owner, inProgress) : ""));
					}
				}
				return found;
			}));
		}
		return unanswered;
	}

	private Instances unansweredInstances(FleetView view, SwitchInProgress inProgress) {
		Instant now = now();
		List<String> unanswered = new ArrayList<>();
		Set<String> confirmedMembers = new HashSet<>();
		Map<String, InstanceReport> byMember = new HashMap<>();
		for (InstanceReport report : view.reports().values()) {
			if (!report.color().equals(inProgress.from())) {
				continue;
			}
			report.members().forEach((member) -> byMember.put(member, report));
			if (report.confirmsPause(inProgress.epoch())) {
				confirmedMembers.addAll(report.members());
			}
			else if (report.isRecent(now, this.settings.instanceTimeout())) {
				unanswered.add(describe(report, inProgress));
			}
			// An older report counts only through its members, checked by the switch
		}
		return new Instances(unanswered, confirmedMembers, byMember);
	}

	/**
	 * Describe an instance that has not confirmed, with the time by which the broker
	 * removes its consumers if it is gone: a session timeout after the later of its last
	 * report and the start of the switch.
	 */
	private String describe(InstanceReport report, SwitchInProgress inProgress) {
		String lastReport = report.isRecent(now(), this.settings.instanceTimeout()) ? ", last report "
				: ", silent since ";
		String description = "instance " + report.instanceId() + " (" + report.state() + ", epoch " + report.epoch()
				+ lastReport + report.reportedAt() + ")";
		Duration session = this.membership.sessionTimeout();
		if (session == null) {
			return description;
		}
		Instant since = report.reportedAt().isAfter(inProgress.startedAt()) ? report.reportedAt()
				: inProgress.startedAt();
		return description + ", if it is gone its consumers leave their groups by " + since.plus(session)
				+ " (session timeout " + session.toSeconds() + " s); the switch gives up at "
				+ inProgress.deadline().minus(this.settings.switchTimeout().dividedBy(10));
	}

	/**
	 * Return the groups of a color that a switch from another color could hand no offsets
	 * to: groups of listeners renamed in a release whose group, and every previous group,
	 * no instance of the old color has. A switch to that color would make it resume where
	 * its group was seeded, so it is refused.
	 * @param view the view of the control log
	 * @param from the active color
	 * @param to the color to make active
	 * @return a description of each such group, empty if every group has a source
	 */
	public List<String> unpaired(FleetView view, String from, String to) {
		return pairing(view, from, to).unpaired();
	}

	/**
	 * Return the old color's group of every listener either color or this instance has,
	 * by the new color's group of that listener.
	 */
	private Map<String, String> sources(FleetView view, SwitchInProgress inProgress) {
		return pairing(view, inProgress.from(), inProgress.to()).sources();
	}

	/**
	 * Pair the new color's group of every listener either color or this instance has with
	 * the old color's group it continues from: the old color's group of the same
	 * configured group id, else of one the listener had in an earlier release, else of a
	 * listener of the old color that had this id in an earlier release, as after a
	 * rollback.
	 */
	private Pairing pairing(FleetView view, String from, String to) {
		Map<String, String> fromGroups = new TreeMap<>();
		Map<String, List<String>> fromPrevious = new TreeMap<>();
		Map<String, List<String>> toPrevious = new TreeMap<>();
		Set<String> configured = new TreeSet<>(this.instance.groups(this.settings.color()).keySet());
		if (this.settings.color().equals(from)) {
			fromPrevious.putAll(this.instance.previousGroupIds());
		}
		if (this.settings.color().equals(to)) {
			toPrevious.putAll(this.instance.previousGroupIds());
		}
		for (InstanceReport report : view.reports().values()) {
			configured.addAll(report.groups().keySet());
			if (report.color().equals(from)) {
				report.groups().forEach(fromGroups::putIfAbsent);
				report.previousGroups().forEach(fromPrevious::putIfAbsent);
			}
			else if (report.color().equals(to)) {
				report.previousGroups().forEach(toPrevious::putIfAbsent);
			}
		}
		Map<String, String> sources = new TreeMap<>();
		List<String> unpaired = new ArrayList<>();
		for (String group : configured) {
			String target = groupOf(view, group, to);
			String source = sourceOf(group, fromGroups, fromPrevious, toPrevious.getOrDefault(group, List.of()));
			if (source == null && !fromGroups.isEmpty() && toPrevious.containsKey(group)) {
				unpaired.add("group " + target + " of listeners configured with group '" + group + "' (previously "
						+ toPrevious.get(group) + ") has no group in color '" + from
						+ "', whose listeners are configured with " + fromGroups.keySet()
						+ "; list the group it continues from in bluegreen.fleet.previous-group-ids." + group);
			}
			sources.put(target, (source != null) ? source : groupOf(view, group, from));
		}
		return new Pairing(sources, unpaired);
	}

	private static @Nullable String sourceOf(String configured, Map<String, String> fromGroups,
			Map<String, List<String>> fromPrevious, List<String> previous) {
		if (fromGroups.containsKey(configured)) {
			return fromGroups.get(configured);
		}
		for (String id : previous) {
			if (fromGroups.containsKey(id)) {
				return fromGroups.get(id);
			}
		}
		for (Map.Entry<String, List<String>> entry : fromPrevious.entrySet()) {
			if (entry.getValue().contains(configured) && fromGroups.containsKey(entry.getKey())) {
				return fromGroups.get(entry.getKey());
			}
		}
		return null;
	}

	private String groupOf(FleetView view, String configured, String color) {
		return view.reports()
			.values()
			.stream()
			.filter((report) -> report.color().equals(color) && report.groups().containsKey(configured))
			.map((report) -> report.groups().get(configured))
			.findFirst()
			.orElseGet(() -> this.instance.groupId(configured, color));
	}

	private Instant now() {
		return this.settings.clock().instant();
	}

	private static ExponentialBackOff confirmationChecks() {
		ExponentialBackOff backOff = new ExponentialBackOff(FIRST_CONFIRMATION_CHECK.toMillis(), 2);
		backOff.setMaxInterval(LAST_CONFIRMATION_CHECK.toMillis());
		return backOff;
	}

	/**
	 * One switch, coordinated by this instance.
	 */
	private final class Switch {

		private final DesiredState before;

		private final String to;

		private final Instant requestedAt;

		private final SwitchInProgress inProgress;

		private final Instant giveUpAt;

		private final CompletableFuture<SwitchResult> result = new CompletableFuture<>();

		private @Nullable DesiredState started;

		private FleetExecutor.@Nullable Cancellable timer;

		private final BackOffExecution confirmationChecks = confirmationChecks().start();

		private @Nullable Duration pausedAfter;

		// Whether a check of the confirmation waits for the broker, and whether the log
		// changed meanwhile
		private boolean checking;

		private boolean checkAgain;

		// Whether this coordinator proposed to complete the switch: until then only an
		// abort can have ended it, as no other instance proposes its completion
		private boolean completionProposed;

		private Switch(DesiredState before, String to, Instant requestedAt, @Nullable String requestedBy,
				@Nullable String requestReason) {
			this.before = before;
			this.to = to;
			this.requestedAt = requestedAt;
			Duration timeout = SwitchCoordinator.this.settings.switchTimeout();
			this.inProgress = new SwitchInProgress(SwitchCoordinator.this.proposer.newId(), before.active(), to,
					before.epoch() + 1, SwitchCoordinator.this.settings.instanceId(), requestedAt,
					requestedAt.plus(timeout), requestedBy, requestReason);
			// Leave time to record the abort before other instances would
			this.giveUpAt = this.inProgress.deadline().minus(timeout.dividedBy(10));
		}

		private void start() {
			DesiredState started = this.before.start(SwitchCoordinator.this.proposer.newId(), this.inProgress, now());
			this.started = started;
			SwitchCoordinator.this.proposer.propose(started).thenAccept((decision) -> {
				switch (decision.verdict()) {
					case WON -> {
						logger.info("Switch " + this.inProgress.id() + " of deployment '"
								+ SwitchCoordinator.this.settings.deployment() + "' from " + this.inProgress.from()
								+ " to " + this.to + " started");
						SwitchCoordinator.this.awaitingConfirmation.add(this);
						checkConfirmation();
					}
					case LOST -> end(SwitchOutcome.CONFLICT, "another switch of the deployment started first",
							List.of(), decision.current());
					case UNKNOWN -> end(SwitchOutcome.UNKNOWN, unknown(decision), List.of(), decision.current());
				}
			});
		}

		private void checkConfirmation() {
			DesiredState started = this.started;
			if (started == null || !SwitchCoordinator.this.awaitingConfirmation.contains(this)) {
				return;
			}
			FleetView view = SwitchCoordinator.this.log.view();
			// Also while the broker has not answered a check: it may never
			if (endedElsewhere(view)) {
				return;
			}
			if (this.checking) {
				// The check under way goes on once the broker answered: then once more
				this.checkAgain = true;
				return;
			}
			this.checking = true;
			this.checkAgain = false;
			CompletableFuture<List<String>> unconfirmed;
			try {
				unconfirmed = unconfirmed(view);
			}
			catch (IllegalStateException ex) {
				unconfirmed = CompletableFuture.failedFuture(ex);
			}
			unconfirmed.whenCompleteAsync((unanswered, ex) -> {
				this.checking = false;
				checked(started, view, (ex != null) ? List.of(Completions.message(ex)) : unanswered);
			}, SwitchCoordinator.this.executor::execute);
		}

		private void checked(DesiredState started, FleetView view, List<String> unanswered) {
			if (!SwitchCoordinator.this.awaitingConfirmation.contains(this)
					|| endedElsewhere(SwitchCoordinator.this.log.view())) {
				return;
			}
			SwitchCoordinator.this.lastWaiting = new Waiting(this.inProgress.id(), List.copyOf(unanswered));
			if (unanswered.isEmpty()) {
				stopWaiting();
				this.pausedAfter = since();
				handOver(started, view);
			}
			else if (!now().isBefore(this.giveUpAt)) {
				stopWaiting();
				abort(started, "color '" + this.inProgress.from() + "' did not confirm its pause within "
						+ SwitchCoordinator.this.settings.switchTimeout(), unanswered);
			}
			else if (this.checkAgain) {
				checkConfirmation();
			}
			else if (this.timer == null) {
				// What the log does not show, members leaving their group, is asked of
				// the broker at growing intervals, and once more when the switch gives up
				Duration untilGiveUp = Duration.between(now(), this.giveUpAt);
				Duration next = Duration.ofMillis(this.confirmationChecks.nextBackOff());
				Duration delay = (next.compareTo(untilGiveUp) < 0) ? next : untilGiveUp;
				this.timer = SwitchCoordinator.this.executor.schedule(() -> {
					this.timer = null;
					checkConfirmation();
				}, delay);
			}
		}

		/**
		 * End the switch if the log shows it ended by another instance.
		 */
		private boolean endedElsewhere(FleetView view) {
			DesiredState desired = view.desired();
			if (desired != null && desired.switchInProgress() != null
					&& desired.switchInProgress().id().equals(this.inProgress.id())) {
				return false;
			}
			stopWaiting();
			end(endedBy(desired), "the switch was ended by another instance", List.of(), desired);
			return true;
		}

		private void stopWaiting() {
			SwitchCoordinator.this.awaitingConfirmation.remove(this);
			FleetExecutor.Cancellable timer = this.timer;
			this.timer = null;
			if (timer != null) {
				timer.cancel();
			}
		}

		private CompletableFuture<List<String>> unconfirmed(FleetView view) {
			return SwitchCoordinator.this.unconfirmed(view, this.inProgress);
		}

		/**
		 * Copy the old color's offsets to the new color's groups. The old color is
		 * paused, so its offsets do not move and a copy that failed, or whose outcome is
		 * not known, can be made again: it is retried until the switch gives up, for
		 * example while a group or transaction coordinator moves to another broker.
		 */
		private void handOver(DesiredState started, FleetView view) {
			Pairing pairing = SwitchCoordinator.this.pairing(view, this.inProgress.from(), this.inProgress.to());
			if (!pairing.unpaired().isEmpty()) {
				abort(started, "color '" + this.to + "' has groups with no source of offsets in color '"
						+ this.inProgress.from() + "'", pairing.unpaired());
				return;
			}
			ColorOffsets offsets = SwitchCoordinator.this.offsets;
			CompletableFuture<Map<String, List<PartitionOffset>>> copied;
			try {
				copied = offsets.copy(pairing.sources()).thenCompose((handover) -> {
					Duration left = Duration.between(now(), this.giveUpAt);
					return offsets.awaitReadable(handover, left.isNegative() ? Duration.ZERO : left)
						.thenApply((readable) -> handover);
				});
			}
			catch (IllegalStateException ex) {
				copied = CompletableFuture.failedFuture(ex);
			}
			copied.whenCompleteAsync((handover, ex) -> {
				if (ex != null) {
					handOverFailed(started, Completions.cause(ex));
				}
				else {
					complete(started, handover);
				}
			}, SwitchCoordinator.this.executor::execute);
		}

		private void handOverFailed(DesiredState started, Throwable ex) {
			if (now().plus(HANDOVER_RETRY).isBefore(this.giveUpAt)) {
				logger.warn("Switch " + this.inProgress.id() + " could not hand the offsets over yet; retrying: "
						+ ex.getMessage());
				SwitchCoordinator.this.executor.schedule(() -> retryHandOver(started), HANDOVER_RETRY);
				return;
			}
			logger.warn("Switch " + this.inProgress.id() + " could not hand the offsets over; aborting it", ex);
			abort(started, "the handover failed: " + ex.getMessage(), List.of());
		}

		private void complete(DesiredState started, Map<String, List<PartitionOffset>> handover) {
			DesiredState completed = started.complete(SwitchCoordinator.this.proposer.newId(), handover,
					SwitchCoordinator.this.settings.instanceId(), now());
			this.completionProposed = true;
			SwitchCoordinator.this.proposer.propose(completed).thenAccept((decision) -> {
				switch (decision.verdict()) {
					case WON -> {
						logger.info("Switch " + this.inProgress.id() + " completed: color '" + this.to + "' is active");
						end(SwitchOutcome.COMPLETED, null, List.of(), decision.current());
					}
					case LOST -> {
						SwitchOutcome outcome = endedBy(decision.current());
						String reason = (outcome != SwitchOutcome.UNKNOWN)
								? "the switch was aborted by another instance first"
								: "the log was read only past later switches, so it is not known whether the switch "
										+ "completed or another instance aborted it; GET the fleet status to see the "
										+ "decided state";
						end(outcome, reason, List.of(), decision.current());
					}
					case UNKNOWN -> end(SwitchOutcome.UNKNOWN, unknown(decision), List.of(), decision.current());
				}
			});
		}

		private void retryHandOver(DesiredState started) {
			FleetView view = SwitchCoordinator.this.log.view();
			DesiredState desired = view.desired();
			if (desired == null || desired.switchInProgress() == null
					|| !desired.switchInProgress().id().equals(this.inProgress.id())) {
				end(endedBy(desired), "the switch was ended by another instance", List.of(), desired);
				return;
			}
			handOver(started, view);
		}

		private void abort(DesiredState started, String reason, List<String> unanswered) {
			DesiredState aborted = started.abort(SwitchCoordinator.this.proposer.newId(), reason, unanswered,
					SwitchCoordinator.this.settings.instanceId(), now());
			SwitchCoordinator.this.proposer.propose(aborted).thenAccept((decision) -> {
				switch (decision.verdict()) {
					case WON -> {
						logger.warn("Switch " + this.inProgress.id() + " aborted: " + reason + " " + unanswered);
						end(SwitchOutcome.ABORTED, reason, unanswered, decision.current());
					}
					case LOST -> end(endedBy(decision.current()), reason, unanswered, decision.current());
					case UNKNOWN -> end(SwitchOutcome.UNKNOWN, reason + "; then " + unknown(decision), unanswered,
							decision.current());
				}
			});
		}

		/**
		 * Return how the log ended this switch, once a proposal of this coordinator was
		 * reported lost or the log shows the switch no longer in progress. A reader that
		 * lags behind a compaction may skip the state that ended it and read only a later
		 * switch's: then the proposer reports even a proposal that won as lost. Only an
		 * abort can have ended a switch whose completion this coordinator did not
		 * propose; once it did, the outcome is not known.
		 */
		private SwitchOutcome endedBy(@Nullable DesiredState desired) {
			EndedSwitch ended = (desired != null) ? desired.lastSwitch() : null;
			if (ended != null && ended.id().equals(this.inProgress.id())) {
				return ended.outcome();
			}
			return this.completionProposed ? SwitchOutcome.UNKNOWN : SwitchOutcome.ABORTED;
		}

		private String unknown(Proposer.Decision decision) {
			return decision.problem() + "; GET the fleet status once the control topic is readable to see the "
					+ "decided state";
		}

		private void end(SwitchOutcome outcome, @Nullable String reason, List<String> unanswered,
				@Nullable DesiredState desired) {
			Duration completedAfter = (outcome == SwitchOutcome.COMPLETED) ? since() : null;
			Duration pausedAfter = (outcome == SwitchOutcome.COMPLETED) ? this.pausedAfter : null;
			this.result.complete(new SwitchResult(outcome, SwitchCoordinator.this.settings.deployment(),
					this.inProgress.from(), this.to, reason, unanswered, pausedAfter, completedAfter, desired));
		}

		private Duration since() {
			return Duration.between(this.requestedAt, now());
		}

	}

	/**
	 * The groups of a handover, and the new color's groups it has no source for.
	 */
	private record Pairing(Map<String, String> sources, List<String> unpaired) {

	}

	/**
	 * The instances of the old color that have not confirmed, and the members of those
	 * that did.
	 */
	private record Instances(List<String> unanswered, Set<String> confirmedMembers,
			Map<String, InstanceReport> byMember) {

	}

	/**
	 * What a switch waited for at its last check.
	 */
	private record Waiting(String switchId, List<String> unanswered) {

	}

}
