package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import io.bluegreen.kafka.BrokerMetadata;
import io.bluegreen.kafka.BrokerMetadata.GroupMember;
import io.bluegreen.kafka.ColorGroups;
import io.bluegreen.kafka.GroupOffsetsWriter;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Switches the active color of a whole deployment, pause first, resume second: the old
 * color drains and confirms, its groups' committed offsets are copied to the new color's
 * groups, and only then the control topic records the new color as active, which
 * resumes it at exactly those offsets. If the old color does not confirm in time, or a
 * step fails, the switch is aborted and the old color resumes.
 * <p>
 * The old color has confirmed when every live instance of it reports
 * {@code PAUSED} for the switch's epoch and every member of its consumer groups belongs
 * to such an instance: group membership is the ground truth of who may still consume, so
 * an instance that stopped answering but still holds partitions blocks the switch until
 * it leaves its group or the switch times out.
 *
 * @author bluegreen
 */
public class FleetService {

	private static final Duration CONFIRMATION_CHECK = Duration.ofMillis(20);

	private static final Log logger = LogFactory.getLog(FleetService.class);

	private final FleetSettings settings;

	private final ControlChannel channel;

	private final ColorGroups colorGroups;

	private final BrokerMetadata brokerMetadata;

	private final GroupOffsetsWriter offsetsWriter;

	private final ApplicationEventPublisher eventPublisher;

	private final Clock clock;

	/**
	 * Create a new service.
	 * @param settings who this instance is
	 * @param channel the control topic
	 * @param colorGroups the consumer groups per color
	 * @param brokerMetadata reader of group members and committed offsets
	 * @param offsetsWriter writer of the handover offsets
	 * @param eventPublisher publisher of a {@link FleetSwitchEvent} for each switch this
	 * instance coordinated
	 * @param clock the clock
	 */
	public FleetService(FleetSettings settings, ControlChannel channel, ColorGroups colorGroups,
			BrokerMetadata brokerMetadata, GroupOffsetsWriter offsetsWriter, ApplicationEventPublisher eventPublisher,
			Clock clock) {
		this.settings = settings;
		this.channel = channel;
		this.colorGroups = colorGroups;
		this.brokerMetadata = brokerMetadata;
		this.offsetsWriter = offsetsWriter;
		this.eventPublisher = eventPublisher;
		this.clock = clock;
	}

	/**
	 * Return the colors the deployment may switch between.
	 * @return the colors
	 */
	public List<String> colors() {
		return this.settings.colors();
	}

	/**
	 * Return the configured color that matches a requested one, ignoring case.
	 * @param requested the requested color
	 * @return the configured color, if any
	 */
	public Optional<String> color(String requested) {
		return this.settings.color(requested);
	}

	/**
	 * Return the fleet as this instance sees it.
	 * @return the status
	 */
	public FleetStatus status() {
		FleetView view = this.channel.view();
		DesiredState desired = view.desired();
		return new FleetStatus(this.settings.deployment(), this.settings.instanceId(), this.channel.isCaughtUp(),
				(desired != null) ? desired.active() : null, (desired != null) ? desired.epoch() : 0,
				(desired != null) ? desired.switchInProgress() : null, (desired != null) ? desired.lastSwitch() : null,
				view.live(this.clock.instant(), this.settings.instanceTimeout()));
	}

	/**
	 * Make a color the active color of the deployment, and wait until the switch ended.
	 * @param requestedColor one of the configured colors, in any case
	 * @return how the switch ended
	 * @throws IllegalArgumentException if the color is not one of the configured colors
	 */
	public SwitchResult switchTo(String requestedColor) {
		String to = this.settings.color(requestedColor)
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown color '" + requestedColor + "'; allowed values: " + this.settings.colors()));
		Instant requestedAt = this.clock.instant();
		if (!this.channel.isCaughtUp()) {
			return result(SwitchOutcome.CONFLICT, null, to, "this instance has not read the control topic yet");
		}
		FleetView view = this.channel.view();
		DesiredState desired = view.desired();
		if (desired != null && desired.switchInProgress() != null) {
			SwitchInProgress other = desired.switchInProgress();
			return result(SwitchOutcome.CONFLICT, desired, to, "switch " + other.id() + " from " + other.from() + " to "
					+ other.to() + " by " + other.coordinator() + " is in progress");
		}
		if (desired != null && desired.active().equals(to)) {
			return result(SwitchOutcome.UNCHANGED, desired, to, "color '" + to + "' is already active");
		}
		if (view.live(to, requestedAt, this.settings.instanceTimeout()).isEmpty()) {
			return result(SwitchOutcome.CONFLICT, desired, to, "no live instance of color '" + to
					+ "' in deployment '" + this.settings.deployment() + "'; start it before switching to it");
		}
		if (desired == null) {
			return recordFirst(to);
		}
		SwitchResult result = new Switch(desired, to, requestedAt).run();
		if (result.outcome() == SwitchOutcome.COMPLETED || result.outcome() == SwitchOutcome.ABORTED) {
			this.eventPublisher.publishEvent(
					new FleetSwitchEvent(this, result, Duration.between(requestedAt, this.clock.instant())));
		}
		return result;
	}

	private SwitchResult recordFirst(String to) {
		ControlChannel.Proposal proposal = this.channel
			.propose(DesiredState.initial(to, this.settings.instanceId(), this.clock.instant()));
		DesiredState decided = proposal.current();
		if (proposal.accepted()) {
			return result(SwitchOutcome.COMPLETED, decided, to, null);
		}
		return result(SwitchOutcome.CONFLICT, decided, to, "another instance recorded color '" + decided.active()
				+ "' as active first");
	}

	private SwitchResult result(SwitchOutcome outcome, @Nullable DesiredState desired, String to,
			@Nullable String reason) {
		return SwitchResult.of(outcome, this.settings.deployment(), desired, to, reason);
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

		private Switch(DesiredState before, String to, Instant requestedAt) {
			this.before = before;
			this.to = to;
			this.requestedAt = requestedAt;
			Duration timeout = FleetService.this.settings.switchTimeout();
			this.inProgress = new SwitchInProgress(UUID.randomUUID().toString(), before.active(), to,
					before.epoch() + 1, FleetService.this.settings.instanceId(), requestedAt,
					requestedAt.plus(timeout));
			// Leave time to record the abort before other instances would
			this.giveUpAt = this.inProgress.deadline().minus(timeout.dividedBy(10));
		}

		private SwitchResult run() {
			DesiredState started = this.before.start(this.inProgress, FleetService.this.clock.instant());
			ControlChannel.Proposal proposal = FleetService.this.channel.propose(started);
			if (!proposal.accepted()) {
				return result(SwitchOutcome.CONFLICT, proposal.current(), this.to,
						"another switch of the deployment started first");
			}
			logger.info("Switch " + this.inProgress.id() + " of deployment '" + FleetService.this.settings.deployment()
					+ "' from " + this.inProgress.from() + " to " + this.to + " started");
			try {
				List<String> unanswered = awaitOldColorPaused();
				if (!unanswered.isEmpty()) {
					return abort(started, "color '" + this.inProgress.from() + "' did not confirm its pause within "
							+ FleetService.this.settings.switchTimeout(), unanswered);
				}
				Duration pausedAfter = since();
				Map<String, Map<TopicPartition, Long>> handover = handOverOffsets();
				Map<String, List<PartitionOffset>> recorded = new HashMap<>();
				handover.forEach((group, offsets) -> recorded.put(group, PartitionOffset.listOf(offsets)));
				DesiredState completed = started.complete(recorded, FleetService.this.settings.instanceId(),
						FleetService.this.clock.instant());
				ControlChannel.Proposal decision = FleetService.this.channel.propose(completed);
				DesiredState after = decision.current();
				if (!decision.accepted()) {
					return new SwitchResult(SwitchOutcome.ABORTED, FleetService.this.settings.deployment(),
							this.inProgress.from(), this.to, "the switch was aborted by another instance first",
							List.of(), pausedAfter, null, after);
				}
				logger.info("Switch " + this.inProgress.id() + " completed: color '" + this.to + "' is active");
				return new SwitchResult(SwitchOutcome.COMPLETED, FleetService.this.settings.deployment(),
						this.inProgress.from(), this.to, null, List.of(), pausedAfter, since(), after);
			}
			catch (RuntimeException ex) {
				logger.warn("Switch " + this.inProgress.id() + " failed; aborting it", ex);
				return abort(started, "the switch failed: " + ex.getMessage(), List.of());
			}
		}

		/**
		 * Wait until the old color confirmed its pause for this switch.
		 * @return the instances and members that did not confirm, empty once all did
		 */
		private List<String> awaitOldColorPaused() {
			List<String> unanswered = List.of("nothing checked yet");
			while (FleetService.this.clock.instant().isBefore(this.giveUpAt)) {
				FleetView view = FleetService.this.channel.view();
				DesiredState desired = view.desired();
				if (desired == null || desired.switchInProgress() == null
						|| !desired.switchInProgress().id().equals(this.inProgress.id())) {
					throw new IllegalStateException("the switch was ended by another instance");
				}
				unanswered = unconfirmed(view);
				if (unanswered.isEmpty()) {
					return unanswered;
				}
				FleetService.this.channel.awaitChange(CONFIRMATION_CHECK);
			}
			return unanswered;
		}

		private List<String> unconfirmed(FleetView view) {
			List<InstanceReport> oldColor = view.live(this.inProgress.from(), FleetService.this.clock.instant(),
					FleetService.this.settings.instanceTimeout());
			List<String> unanswered = new ArrayList<>();
			Set<String> confirmedMembers = new HashSet<>();
			Set<String> confirmedClients = new HashSet<>();
			for (InstanceReport report : oldColor) {
				if (report.confirmsPause(this.inProgress.epoch())) {
					confirmedMembers.addAll(report.members());
					confirmedClients.addAll(report.clients());
				}
				else {
					unanswered.add("instance " + report.instanceId() + " (" + report.state() + ", epoch "
							+ report.epoch() + ")");
				}
			}
			if (!unanswered.isEmpty()) {
				return unanswered;
			}
			for (String group : FleetService.this.colorGroups.of(this.inProgress.from()).values()) {
				for (GroupMember member : FleetService.this.brokerMetadata.members(group)) {
					// A member with no partition never paused one, so it is known by its client
					boolean confirmed = confirmedMembers.contains(member.memberId())
							|| (member.partitions() == 0 && confirmedClients.contains(member.clientId()));
					if (!confirmed) {
						unanswered.add("member " + member.memberId() + " of group " + group);
					}
				}
			}
			return unanswered;
		}

		/**
		 * Copy the committed offsets of the old color's groups to the new color's groups,
		 * and check that they landed.
		 */
		private Map<String, Map<TopicPartition, Long>> handOverOffsets() {
			Map<String, Map<TopicPartition, Long>> handover = new HashMap<>();
			FleetService.this.colorGroups.of(this.inProgress.from()).forEach((configured, group) -> {
				String target = FleetService.this.colorGroups.groupId(configured, this.to);
				handover.put(target, FleetService.this.brokerMetadata.committedOffsets(group));
			});
			FleetService.this.offsetsWriter.commit(handover);
			awaitLanded(handover);
			return handover;
		}

		/**
		 * Wait until the handover offsets are readable: the markers of the transaction
		 * are written after it commits, and a consumer that gets a partition by a
		 * rebalance must read them.
		 */
		private void awaitLanded(Map<String, Map<TopicPartition, Long>> handover) {
			for (Map.Entry<String, Map<TopicPartition, Long>> entry : handover.entrySet()) {
				Map<TopicPartition, Long> landed = Map.of();
				while (!landed.entrySet().containsAll(entry.getValue().entrySet())) {
					if (!FleetService.this.clock.instant().isBefore(this.giveUpAt)) {
						throw new IllegalStateException("handover offsets " + entry.getValue()
								+ " did not land in group " + entry.getKey() + " (committed: " + landed + ")");
					}
					landed = FleetService.this.brokerMetadata.committedOffsets(entry.getKey());
				}
			}
		}

		private SwitchResult abort(DesiredState started, String reason, List<String> unanswered) {
			DesiredState after;
			try {
				ControlChannel.Proposal proposal = FleetService.this.channel.propose(started.abort(reason, unanswered,
						FleetService.this.settings.instanceId(), FleetService.this.clock.instant()));
				after = proposal.current();
				EndedSwitch ended = after.lastSwitch();
				if (!proposal.accepted() && ended != null && ended.id().equals(this.inProgress.id())
						&& ended.outcome() == SwitchOutcome.COMPLETED) {
					// The completion was recorded although this instance did not read it back
					return new SwitchResult(SwitchOutcome.COMPLETED, FleetService.this.settings.deployment(),
							this.inProgress.from(), this.to, null, List.of(), null, since(), after);
				}
			}
			catch (IllegalStateException ex) {
				logger.warn("Could not record the abort of switch " + this.inProgress.id()
						+ "; the other instances abort it at its deadline: " + ex.getMessage());
				after = FleetService.this.channel.view().desired();
			}
			logger.warn("Switch " + this.inProgress.id() + " aborted: " + reason + " " + unanswered);
			return new SwitchResult(SwitchOutcome.ABORTED, FleetService.this.settings.deployment(),
					this.inProgress.from(), this.to, reason, unanswered, null, null, after);
		}

		private Duration since() {
			return Duration.between(this.requestedAt, FleetService.this.clock.instant());
		}

	}

}
