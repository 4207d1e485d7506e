package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * A consumer of a listener container that bluegreen holds paused while its instance is
 * not active, beneath the container: every partition it is assigned is paused in the
 * rebalance callback, before it can be fetched, and at the start of every poll. The
 * container's and the application's own pauses and resumes are kept apart from
 * bluegreen's: while paused by bluegreen, their resumes do not reach the Kafka consumer,
 * and bluegreen's resume leaves their pauses in place. {@link #paused()} shows the
 * container only its own pauses, so its bookkeeping is unchanged.
 * <p>
 * The methods it guards are overridden here; every other one is handed on as it is by
 * {@link ForwardingConsumer}. Everything happens on the consumer's own thread, inside the
 * calls the container makes. At the start of each poll the consumer publishes a
 * {@link ConsumerView} of itself: its group member, its assignment and, while paused by
 * bluegreen, the position of each partition. The container calls poll only after the
 * records of the previous poll were handed to the listener, so those positions are where
 * processing stands; a listener that {@link RecordsUntilPause stops between records} is
 * handed no record once a pause is requested, and the rest of its poll goes back. A
 * changed view and a successful commit are signalled to its {@link GuardHost}, which
 * drives the drain.
 *
 * @author bluegreen
 */
final class GuardedConsumer extends ForwardingConsumer {

	private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(GuardedConsumer.class);

	private final GuardHost host;

	// Confined to the consumer thread
	private final Set<TopicPartition> pausedByContainer = new HashSet<>();

	private final CommitGuard commits;

	private final NewPartitionHold admission;

	private boolean bound;

	private boolean pausedByBlueGreen;

	private boolean mustRestart;

	private boolean pausedPollSpins;

	// Confined to the consumer thread: a rebalance callback ran during the current poll
	private boolean rebalanced;

	private volatile ConsumerView view = ConsumerView.NONE;

	// Whether it holds partitions not admitted yet, as of its last poll or rebalance
	private volatile boolean admitting;

	GuardedConsumer(Consumer<Object, Object> delegate, GuardHost host) {
		super(delegate);
		this.host = host;
		this.admission = new NewPartitionHold(host::requestAdmission);
		this.commits = new CommitGuard(delegate, host);
	}

	/**
	 * Return the last view the consumer published of itself.
	 * @return the view
	 */
	ConsumerView view() {
		return this.view;
	}

	/**
	 * Return whether the consumer holds newly assigned partitions that the fleet has not
	 * admitted yet, as of its last poll or rebalance.
	 * @return whether partitions wait for their admission
	 */
	boolean admitting() {
		return this.admitting;
	}

	@Override
	public ConsumerRecords<Object, Object> poll(Duration timeout) {
		bind();
		if (this.mustRestart) {
			// Never joins its group: the container is being restarted
			GuardPolls.sleep(timeout);
			return ConsumerRecords.empty();
		}
		boolean paused = enforce();
		long epoch = this.host.epoch();
		ConsumerRecords<Object, Object> records = paused
				? GuardPolls.paused(this.delegate, timeout, this.pausedPollSpins)
				: GuardPolls.sliced(this.delegate, timeout, this::endsActivePoll);
		if (paused && !records.isEmpty() && this.host.mustPause() && this.host.epoch() == epoch) {
			// Cannot happen while every partition is paused; if
			// it does, nothing is handed to the listener and the
			// consumer goes back to the first record it returned
			Map<TopicPartition, Long> first = new HashMap<>();
			for (ConsumerRecord<Object, Object> record : records) {
				first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
			}
			this.host.fetchedWhilePaused(records.count(), first.keySet());
			first.forEach(this.delegate::seek);
			return ConsumerRecords.empty();
		}
		if (!paused && !records.isEmpty() && this.host.mayStopBetweenRecords()) {
			// A transaction per record: a pause waits for the one in progress, not for
			// the whole poll. Whether the listener runs its own is known once one of them
			// carried its offsets, which may be while it processes this poll
			return new RecordsUntilPause(records, () -> this.host.mustPause() && this.host.stopsBetweenRecords(),
					this.delegate);
		}
		return records;
	}

	@Override
	public void subscribe(Collection<String> topics) {
		this.delegate.subscribe(topics, new GuardRebalanceListener(this, null));
	}

	@Override
	public void subscribe(Collection<String> topics, ConsumerRebalanceListener callback) {
		this.delegate.subscribe(topics, new GuardRebalanceListener(this, callback));
	}

	@Override
	public void subscribe(Pattern pattern) {
		this.delegate.subscribe(pattern, new GuardRebalanceListener(this, null));
	}

	@Override
	public void subscribe(Pattern pattern, ConsumerRebalanceListener callback) {
		this.delegate.subscribe(pattern, new GuardRebalanceListener(this, callback));
	}

	@Override
	public void subscribe(SubscriptionPattern pattern) {
		this.delegate.subscribe(pattern, new GuardRebalanceListener(this, null));
	}

	@Override
	public void subscribe(SubscriptionPattern pattern, ConsumerRebalanceListener callback) {
		this.delegate.subscribe(pattern, new GuardRebalanceListener(this, callback));
	}

	/**
	 * Assign partitions by hand; the newly assigned ones are held until admitted, and
	 * paused, if need be, at the start of the first poll, before any fetch.
	 */
	@Override
	public void assign(Collection<TopicPartition> partitions) {
		Set<TopicPartition> added = new HashSet<>(partitions);
		added.removeAll(this.delegate.assignment());
		this.delegate.assign(partitions);
		Set<TopicPartition> assignment = this.delegate.assignment();
		this.pausedByContainer.retainAll(assignment);
		Set<TopicPartition> gone = new HashSet<>(this.admission.held());
		gone.removeAll(assignment);
		this.admission.removed(gone);
		Collection<TopicPartition> held = this.admission.assigned(added);
		if (!held.isEmpty()) {
			this.delegate.pause(held);
		}
	}

	@Override
	public void pause(Collection<TopicPartition> partitions) {
		this.pausedByContainer.addAll(partitions);
		this.delegate.pause(partitions);
	}

	@Override
	public void resume(Collection<TopicPartition> partitions) {
		this.pausedByContainer.removeAll(partitions);
		if (!this.pausedByBlueGreen) {
			Set<TopicPartition> resumed = new HashSet<>(partitions);
			resumed.removeAll(this.admission.held());
			this.delegate.resume(resumed);
		}
	}

	@Override
	public Set<TopicPartition> paused() {
		Set<TopicPartition> paused = new HashSet<>(this.pausedByContainer);
		paused.retainAll(this.delegate.assignment());
		return paused;
	}

	@Override
	public void commitSync() {
		this.delegate.commitSync();
		this.commits.succeeded(null);
	}

	@Override
	public void commitSync(Duration timeout) {
		this.delegate.commitSync(timeout);
		this.commits.succeeded(null);
	}

	@Override
	public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
		Map<TopicPartition, OffsetAndMetadata> sent = this.commits.sending(offsets, this.pausedByBlueGreen);
		this.delegate.commitSync(sent);
		this.commits.succeeded(sent);
	}

	@Override
	public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
		Map<TopicPartition, OffsetAndMetadata> sent = this.commits.sending(offsets, this.pausedByBlueGreen);
		this.delegate.commitSync(sent, timeout);
		this.commits.succeeded(sent);
	}

	@Override
	public void commitAsync(@Nullable OffsetCommitCallback callback) {
		this.delegate.commitAsync(this.commits.recording(callback, null));
	}

	@Override
	public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, @Nullable OffsetCommitCallback callback) {
		Map<TopicPartition, OffsetAndMetadata> sent = this.commits.sending(offsets, this.pausedByBlueGreen);
		this.delegate.commitAsync(sent, this.commits.recording(callback, sent));
	}

	@Override
	public void unsubscribe() {
		this.admission.clear();
		if (!isStoppingStaticMember()) {
			this.delegate.unsubscribe();
		}
		this.pausedByContainer.clear();
	}

	/**
	 * Close; a static member whose container stops leaves its group.
	 */
	@Override
	public void close() {
		this.host.closed();
		if (isStoppingStaticMember()) {
			leaveAndClose(null);
		}
		else {
			this.delegate.close();
		}
	}

	/**
	 * Close within a timeout; a static member whose container stops leaves its group.
	 */
	@Override
	public void close(Duration timeout) {
		this.host.closed();
		if (isStoppingStaticMember()) {
			leaveAndClose(timeout);
		}
		else {
			this.delegate.close(timeout);
		}
	}

	/**
	 * Close with options; a static member whose container stops leaves its group unless
	 * the options say what to do with its membership.
	 */
	@Override
	public void close(CloseOptions option) {
		this.host.closed();
		if (option.groupMembershipOperation() == GroupMembershipOperation.DEFAULT && isStoppingStaticMember()) {
			leaveAndClose(option.timeout().orElse(null));
		}
		else {
			this.delegate.close(option);
		}
	}

	/**
	 * Whether an active consumer's sliced poll ends early: its instance must pause, an
	 * admission was answered, or a rebalance ran, after which the next poll publishes the
	 * new assignment at once.
	 */
	private boolean endsActivePoll() {
		return this.host.mustPause() || this.admission.answered() || this.rebalanced;
	}

	private void bind() {
		if (!this.bound) {
			this.bound = true;
			this.mustRestart = this.host.bind(this.delegate.groupMetadata().groupId());
			this.pausedPollSpins = GuardPolls.usesConsumerProtocol(this.delegate);
		}
	}

	/**
	 * Whether this is a static member ({@code group.instance.id}) whose container is
	 * stopping. A static member does not leave its group when it unsubscribes or closes,
	 * so the group would wait {@code session.timeout.ms} for it, and a switch with it.
	 */
	private boolean isStoppingStaticMember() {
		return this.host.stopping() && this.delegate.groupMetadata().groupInstanceId().isPresent();
	}

	/**
	 * Close, leaving the group: the container committed what it processed before it
	 * unsubscribes, so the member's partitions can go to another member at once. Any
	 * {@code close} of a static member has to say so (KIP-1092): without it, the member
	 * stays in its group until its session expires.
	 * @param timeout the time the close may take, or {@code null} for the consumer's
	 * default
	 */
	private void leaveAndClose(@Nullable Duration timeout) {
		logger.debug("Static member " + this.delegate.groupMetadata().groupInstanceId().get() + " leaves its group");
		CloseOptions leave = CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP);
		this.delegate.close((timeout != null) ? leave.withTimeout(timeout) : leave);
	}

	/**
	 * Pause every assigned partition while the instance is not active, or resume those
	 * that only bluegreen paused once it is; then publish the consumer's view.
	 * @return whether every partition is paused by bluegreen
	 */
	private boolean enforce() {
		long epoch = this.host.epoch();
		boolean mustPause = this.host.mustPause();
		Set<TopicPartition> assignment = this.delegate.assignment();
		Set<TopicPartition> admitted = this.admission.release();
		if (mustPause) {
			Set<TopicPartition> unpaused = new HashSet<>(assignment);
			unpaused.removeAll(this.delegate.paused());
			if (!unpaused.isEmpty()) {
				this.delegate.pause(unpaused);
			}
			this.pausedByBlueGreen = true;
			this.commits.commitFinished(assignment);
		}
		else if (this.pausedByBlueGreen) {
			Set<TopicPartition> resumed = new HashSet<>(this.delegate.paused());
			resumed.removeAll(this.pausedByContainer);
			resumed.removeAll(this.admission.held());
			this.delegate.resume(resumed);
			this.pausedByBlueGreen = false;
			continueAtHandover(resumed);
		}
		else if (!admitted.isEmpty()) {
			Set<TopicPartition> resumed = new HashSet<>(admitted);
			resumed.removeAll(this.pausedByContainer);
			resumed.retainAll(assignment);
			this.delegate.resume(resumed);
		}
		publish(epoch, mustPause, assignment);
		return mustPause;
	}

	private void continueAtHandover(Collection<TopicPartition> resumed) {
		String group = this.delegate.groupMetadata().groupId();
		for (TopicPartition partition : resumed) {
			Long offset = this.host.handoverOffset(group, partition);
			// Forward only: an offset left over from an older handover never rewinds
			if (offset != null && offset > this.delegate.position(partition, POSITION_TIMEOUT)) {
				this.delegate.seek(partition, offset);
			}
		}
	}

	private void publish(long epoch, boolean paused, Set<TopicPartition> assignment) {
		ConsumerGroupMetadata metadata = this.delegate.groupMetadata();
		Map<TopicPartition, Long> positions = new HashMap<>();
		if (paused) {
			for (TopicPartition partition : assignment) {
				try {
					positions.put(partition, this.delegate.position(partition, POSITION_TIMEOUT));
				}
				catch (RuntimeException ex) {
					logger.debug("Position of " + partition + " unknown yet: " + ex.getMessage());
				}
			}
		}
		this.admitting = !this.admission.held().isEmpty();
		this.rebalanced = false;
		ConsumerView view = new ConsumerView(epoch, paused, metadata.groupId(), metadata.memberId(),
				metadata.generationId(), Set.copyOf(assignment), Map.copyOf(positions));
		ConsumerView previous = this.view;
		if (!view.equals(previous)) {
			this.view = view;
			this.host.published(previous, view);
		}
	}

	/**
	 * Hold newly assigned partitions until admitted, and pause them all while the
	 * instance must pause, before the container's listener runs and before any fetch. The
	 * view is published at the start of the next poll, outside the rebalance callback.
	 * @param partitions the partitions assigned
	 */
	void assigned(Collection<TopicPartition> partitions) {
		Collection<TopicPartition> held = this.admission.assigned(partitions);
		if (!held.isEmpty()) {
			this.delegate.pause(held);
			this.admitting = true;
		}
		this.rebalanced = true;
		if (!partitions.isEmpty() && this.host.mustPause()) {
			this.delegate.pause(partitions);
			this.pausedByBlueGreen = true;
		}
	}

	/**
	 * Forget partitions revoked or lost in a rebalance.
	 * @param partitions the partitions
	 * @param revoked whether they were revoked, so that the next poll publishes the new
	 * assignment at once
	 */
	void removed(Collection<TopicPartition> partitions, boolean revoked) {
		this.pausedByContainer.removeAll(partitions);
		this.commits.forget(partitions);
		this.admission.removed(partitions);
		if (revoked) {
			this.rebalanced = true;
		}
	}

}
