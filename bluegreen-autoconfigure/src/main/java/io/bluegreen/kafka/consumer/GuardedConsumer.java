package io.bluegreen.kafka.consumer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.CloseOptions;
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

import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/**
 * A consumer of a listener container that bluegreen holds paused while its instance is
 * not active, beneath the container: every partition it is assigned is paused in the
 * rebalance callback, before it can be fetched, and at the start of every poll. The
 * container's and the application's own pauses and resumes are kept apart from
 * bluegreen's: while paused by bluegreen, their resumes do not reach the Kafka consumer,
 * and bluegreen's resume leaves their pauses in place. {@link #paused()} shows the
 * container only its own pauses, so its bookkeeping is unchanged.
 * <p>
 * Everything happens on the consumer's own thread, inside the calls the container makes.
 * At the start of each poll the consumer publishes a {@link View} of itself: its group
 * member, its assignment and, while paused by bluegreen, the position of each partition.
 * The container calls poll only after the records of the previous poll were handed to
 * the listener, so those positions are where processing stands. A changed view and a
 * successful commit are signalled to the {@link PausePositions}, which drive the drain.
 *
 * @author bluegreen
 */
final class GuardedConsumer implements InvocationHandler {

	/**
	 * Longest poll of a consumer paused by bluegreen, so that a resume takes effect
	 * without waking the consumer, whose wakeup could hit a commit instead of the poll.
	 */
	static final Duration PAUSED_POLL_TIMEOUT = Duration.ofMillis(50);

	/**
	 * Longest slice of an active consumer's poll, after which it checks whether its
	 * instance must pause.
	 */
	static final Duration ACTIVE_POLL_SLICE = Duration.ofMillis(20);

	/**
	 * A metric that only the consumer of the consumer group protocol (KIP-848) registers.
	 */
	private static final String CONSUMER_PROTOCOL_METRIC = "application-event-queue-size";

	private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(GuardedConsumer.class);

	private final Consumer<Object, Object> delegate;

	private final PausePositions owner;

	private final Consumer<Object, Object> proxy;

	// Confined to the consumer thread
	private final Set<TopicPartition> pausedByContainer = new HashSet<>();

	// The offsets this consumer committed last, for the partitions it still has
	private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();

	private boolean bound;

	private @Nullable KafkaMessageListenerContainer<?, ?> container;

	private boolean pausedByBlueGreen;

	private boolean mustRestart;

	private boolean pausedPollSpins;

	private volatile View view = View.NONE;

	// Whether it holds partitions not admitted yet, as of its last poll or rebalance
	private volatile boolean admitting;

	// Confined to the consumer thread: a rebalance callback ran during the current poll
	private boolean rebalanced;

	private final AtomicLong fetchedWhilePaused = new AtomicLong();

	private final AdmissionHold admission;

	@SuppressWarnings("unchecked")
	GuardedConsumer(Consumer<Object, Object> delegate, PausePositions owner) {
		this.delegate = delegate;
		this.owner = owner;
		this.admission = new AdmissionHold(owner::requestAdmission);
		this.proxy = (Consumer<Object, Object>) Proxy.newProxyInstance(GuardedConsumer.class.getClassLoader(),
				new Class<?>[] { Consumer.class }, this);
	}

	Consumer<Object, Object> proxy() {
		return this.proxy;
	}

	/**
	 * Return the last view the consumer published of itself.
	 * @return the view
	 */
	View view() {
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

	/**
	 * Return how many records a poll returned although every partition of the consumer
	 * was paused by bluegreen when it started. They were never handed to the listener.
	 * @return the number of records
	 */
	long fetchedWhilePaused() {
		return this.fetchedWhilePaused.get();
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		String name = method.getName();
		int arity = (args != null) ? args.length : 0;
		switch (name) {
			case "poll":
				if (arity == 1 && args[0] instanceof Duration timeout) {
					return poll(timeout);
				}
				break;
			case "subscribe":
				subscribe(args);
				return null;
			case "assign":
				assign((Collection<TopicPartition>) args[0]);
				return null;
			case "pause":
				this.pausedByContainer.addAll((Collection<TopicPartition>) args[0]);
				this.delegate.pause((Collection<TopicPartition>) args[0]);
				return null;
			case "resume":
				resume((Collection<TopicPartition>) args[0]);
				return null;
			case "paused":
				Set<TopicPartition> paused = new HashSet<>(this.pausedByContainer);
				paused.retainAll(this.delegate.assignment());
				return paused;
			case "commitSync":
				Map<TopicPartition, OffsetAndMetadata> offsets = committing(args);
				Object result = invokeDelegate(method, args);
				if (offsets != null) {
					this.committed.putAll(offsets);
				}
				this.owner.progressed();
				return result;
			case "commitAsync":
				Map<TopicPartition, OffsetAndMetadata> sent = committing(args);
				if (arity > 0 && args[arity - 1] instanceof OffsetCommitCallback callback) {
					args[arity - 1] = signallingProgress(callback, sent);
				}
				break;
			case "unsubscribe":
				this.admission.clear();
				if (!isStoppingStaticMember()) {
					this.delegate.unsubscribe();
				}
				this.pausedByContainer.clear();
				return null;
			case "close":
				this.owner.closed(this);
				if (arity == 0 && isStoppingStaticMember()) {
					leaveAndClose();
					return null;
				}
				break;
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "bluegreen guard of " + this.delegate;
			default:
				break;
		}
		return invokeDelegate(method, args);
	}

	private @Nullable Object invokeDelegate(Method method, @Nullable Object[] args) throws Throwable {
		try {
			return method.invoke(this.delegate, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private OffsetCommitCallback signallingProgress(OffsetCommitCallback callback,
			@Nullable Map<TopicPartition, OffsetAndMetadata> sent) {
		return (offsets, exception) -> {
			callback.onComplete(offsets, exception);
			if (exception == null) {
				if (sent != null) {
					// Called on the consumer thread, inside a poll or commit
					this.committed.putAll(sent);
				}
				this.owner.progressed();
			}
		};
	}

	/**
	 * Return the offsets a commit call sends. While paused by bluegreen, a listener whose
	 * records are tracked commits neither below what this consumer committed before nor
	 * for a partition it no longer has: Spring Kafka commits each late, out-of-order
	 * acknowledgment of such a listener as it comes, which would move the group back to a
	 * record already processed.
	 */
	@SuppressWarnings("unchecked")
	private @Nullable Map<TopicPartition, OffsetAndMetadata> committing(@Nullable Object[] args) {
		if (args == null || args.length == 0 || !(args[0] instanceof Map<?, ?>)) {
			return null;
		}
		Map<TopicPartition, OffsetAndMetadata> offsets = (Map<TopicPartition, OffsetAndMetadata>) args[0];
		if (this.pausedByBlueGreen && tracksRecords()) {
			Set<TopicPartition> assignment = this.delegate.assignment();
			Map<TopicPartition, OffsetAndMetadata> forward = new HashMap<>(offsets);
			forward.entrySet().removeIf((entry) -> {
				OffsetAndMetadata before = this.committed.get(entry.getKey());
				return !assignment.contains(entry.getKey())
						|| (before != null && entry.getValue().offset() < before.offset());
			});
			args[0] = forward;
			return forward;
		}
		return offsets;
	}

	private boolean tracksRecords() {
		return this.container != null && this.owner.tracksRecordsOf(this.container);
	}

	/**
	 * Once every record a listener acknowledging by hand was handed is finished, commit
	 * again what it acknowledged, for each partition whose last commit from this consumer
	 * is behind it: Spring Kafka may have committed a lower offset for an acknowledgment
	 * that came late. Never past the highest acknowledged record, nor past the position:
	 * records fetched and not handed yet, or handed back to the container, are not done.
	 */
	private void commitFinished(Set<TopicPartition> assignment) {
		KafkaMessageListenerContainer<?, ?> container = this.container;
		if (container == null || !tracksRecords() || this.owner.inFlight(container, assignment)) {
			return;
		}
		Map<TopicPartition, OffsetAndMetadata> behind = new HashMap<>();
		try {
			for (TopicPartition partition : assignment) {
				OffsetAndMetadata last = this.committed.get(partition);
				Long acknowledged = this.owner.acknowledgedUpTo(container, partition);
				if (last != null && acknowledged != null && last.offset() < acknowledged) {
					long target = Math.min(acknowledged, this.delegate.position(partition, POSITION_TIMEOUT));
					if (last.offset() < target) {
						behind.put(partition, new OffsetAndMetadata(target, Optional.empty(), last.metadata()));
					}
				}
			}
			if (!behind.isEmpty()) {
				this.delegate.commitSync(behind, COMMIT_TIMEOUT);
				this.committed.putAll(behind);
				this.owner.progressed();
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not commit what " + container.getListenerId() + " acknowledged of "
					+ behind.keySet() + "; retrying at the next poll: " + ex.getMessage());
		}
	}

	private ConsumerRecords<Object, Object> poll(Duration timeout) {
		bind();
		if (this.mustRestart) {
			// Never joins its group: the container is being restarted
			sleep(timeout);
			return ConsumerRecords.empty();
		}
		boolean paused = enforce();
		long epoch = this.owner.epoch();
		ConsumerRecords<Object, Object> records = paused ? pollPaused(timeout) : pollUntilPauseRequested(timeout);
		if (paused && !records.isEmpty() && mustPause() && this.owner.epoch() == epoch) {
			// Cannot happen while every partition is paused; if it does, nothing is handed
			// to the listener and the consumer goes back to the first record it returned
			this.fetchedWhilePaused.addAndGet(records.count());
			this.owner.fetchedWhilePaused(this, records.count());
			Map<TopicPartition, Long> first = new HashMap<>();
			for (ConsumerRecord<Object, Object> record : records) {
				first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
			}
			logger.error("Consumer " + this.delegate.groupMetadata().memberId() + " of "
					+ ((this.container != null) ? this.container.getListenerId() : "?") + " fetched " + records.count()
					+ " records of " + first.keySet() + " while its instance is paused; they were not processed");
			first.forEach(this.delegate::seek);
			return ConsumerRecords.empty();
		}
		return records;
	}

	/**
	 * Poll a consumer whose every partition is paused, for at most
	 * {@link #PAUSED_POLL_TIMEOUT}. The consumer of the consumer group protocol (Kafka 4.x)
	 * does not wait in such a poll once it holds records it fetched before the pause: it
	 * puts them back into its fetch buffer on every pass, which wakes it up again, so it
	 * spins for the whole timeout (KAFKA-21084). A paused color would keep a core busy
	 * until its next resume. That consumer is polled without waiting, and its thread
	 * sleeps instead; it still polls as often, so rebalance callbacks run on time.
	 */
	private ConsumerRecords<Object, Object> pollPaused(Duration timeout) {
		Duration wait = (timeout.compareTo(PAUSED_POLL_TIMEOUT) > 0) ? PAUSED_POLL_TIMEOUT : timeout;
		if (!this.pausedPollSpins) {
			return this.delegate.poll(wait);
		}
		ConsumerRecords<Object, Object> records = this.delegate.poll(Duration.ZERO);
		if (records.isEmpty()) {
			sleep(wait);
		}
		return records;
	}

	/**
	 * Poll an active consumer in slices, and return as soon as a slice returns records or
	 * the instance must pause, so that an idle consumer reaches a pause at once instead of
	 * at the end of the listener's poll timeout. A fetch in flight carries on from one slice
	 * to the next: slicing sends no extra request to the broker, and unlike a wakeup it can
	 * never interrupt a commit.
	 */
	private ConsumerRecords<Object, Object> pollUntilPauseRequested(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long remaining = deadline - System.nanoTime();
			Duration slice = Duration.ofNanos(Math.max(0, Math.min(remaining, ACTIVE_POLL_SLICE.toNanos())));
			ConsumerRecords<Object, Object> records = this.delegate.poll(slice);
			if (!records.isEmpty() || remaining <= slice.toNanos() || mustPause() || this.admission.answered()
					|| this.rebalanced) {
				// After a rebalance, the next poll publishes the new assignment at once
				return records;
			}
		}
	}

	private void bind() {
		if (!this.bound) {
			this.bound = true;
			this.container = this.owner.bind(this);
			this.mustRestart = this.container != null
					&& this.owner.mustRestart(this.container, this.delegate.groupMetadata().groupId());
			this.pausedPollSpins = usesConsumerProtocol(this.delegate);
		}
	}

	/**
	 * Whether a consumer is the consumer of the consumer group protocol, known by a metric
	 * only it registers, whatever configured the protocol.
	 */
	static boolean usesConsumerProtocol(Consumer<?, ?> consumer) {
		try {
			return consumer.metrics().keySet().stream().anyMatch((name) -> CONSUMER_PROTOCOL_METRIC.equals(name.name()));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static void sleep(Duration timeout) {
		try {
			Thread.sleep(Math.min(timeout.toMillis(), PAUSED_POLL_TIMEOUT.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Whether this is a static member ({@code group.instance.id}) whose container is
	 * stopping. A static member does not leave its group when it unsubscribes or closes, so
	 * the group would wait {@code session.timeout.ms} for it, and a switch with it.
	 */
	private boolean isStoppingStaticMember() {
		return this.container != null && !this.container.isRunning()
				&& this.delegate.groupMetadata().groupInstanceId().isPresent();
	}

	/**
	 * Close, leaving the group: the container committed what it processed before it
	 * unsubscribes, so the member's partitions can go to another member at once.
	 */
	private void leaveAndClose() {
		logger.debug("Static member " + this.delegate.groupMetadata().groupInstanceId().get() + " leaves its group");
		this.delegate.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
	}

	private boolean mustPause() {
		return this.container != null && this.owner.mustPause(this.container);
	}

	/**
	 * Pause every assigned partition while the instance is not active, or resume those
	 * that only bluegreen paused once it is; then publish the consumer's view.
	 * @return whether every partition is paused by bluegreen
	 */
	private boolean enforce() {
		long epoch = this.owner.epoch();
		boolean mustPause = mustPause();
		Set<TopicPartition> assignment = this.delegate.assignment();
		Set<TopicPartition> admitted = this.admission.release();
		if (mustPause) {
			Set<TopicPartition> unpaused = new HashSet<>(assignment);
			unpaused.removeAll(this.delegate.paused());
			if (!unpaused.isEmpty()) {
				this.delegate.pause(unpaused);
			}
			this.pausedByBlueGreen = true;
			commitFinished(assignment);
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
			Long offset = this.owner.handoverOffset(group, partition);
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
		View view = new View(epoch, paused, metadata.groupId(), metadata.memberId(), metadata.generationId(),
				Set.copyOf(assignment),
				Map.copyOf(positions));
		if (!view.equals(this.view)) {
			boolean newMember = !view.memberId().equals(this.view.memberId());
			this.view = view;
			this.owner.progressed();
			if (newMember) {
				this.owner.membershipChanged();
			}
		}
	}

	private void resume(Collection<TopicPartition> partitions) {
		this.pausedByContainer.removeAll(partitions);
		if (!this.pausedByBlueGreen) {
			Set<TopicPartition> resumed = new HashSet<>(partitions);
			resumed.removeAll(this.admission.held());
			this.delegate.resume(resumed);
		}
	}

	/**
	 * Assign partitions by hand; the newly assigned ones are held until admitted, and
	 * paused, if need be, at the start of the first poll, before any fetch.
	 */
	private void assign(Collection<TopicPartition> partitions) {
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

	@SuppressWarnings("unchecked")
	private void subscribe(@Nullable Object[] args) {
		ConsumerRebalanceListener listener = new GuardListener(
				(args.length > 1) ? (ConsumerRebalanceListener) args[1] : null);
		if (args[0] instanceof Pattern pattern) {
			this.delegate.subscribe(pattern, listener);
		}
		else if (args[0] instanceof SubscriptionPattern pattern) {
			this.delegate.subscribe(pattern, listener);
		}
		else {
			this.delegate.subscribe((Collection<String>) args[0], listener);
		}
	}

	/**
	 * Pauses newly assigned partitions before the container's listener runs and before
	 * the consumer can fetch them.
	 */
	private final class GuardListener implements ConsumerRebalanceListener {

		private final @Nullable ConsumerRebalanceListener delegate;

		GuardListener(@Nullable ConsumerRebalanceListener delegate) {
			this.delegate = delegate;
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			Collection<TopicPartition> held = GuardedConsumer.this.admission.assigned(partitions);
			if (!held.isEmpty()) {
				GuardedConsumer.this.delegate.pause(held);
				GuardedConsumer.this.admitting = true;
			}
			GuardedConsumer.this.rebalanced = true;
			if (!partitions.isEmpty() && mustPause()) {
				// The view is published at the start of the next poll, outside the callback
				GuardedConsumer.this.delegate.pause(partitions);
				GuardedConsumer.this.pausedByBlueGreen = true;
			}
			if (this.delegate != null) {
				this.delegate.onPartitionsAssigned(partitions);
			}
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			if (this.delegate != null) {
				this.delegate.onPartitionsRevoked(partitions);
			}
			GuardedConsumer.this.pausedByContainer.removeAll(partitions);
			GuardedConsumer.this.committed.keySet().removeAll(partitions);
			GuardedConsumer.this.admission.removed(partitions);
			GuardedConsumer.this.rebalanced = true;
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			if (this.delegate != null) {
				this.delegate.onPartitionsLost(partitions);
			}
			GuardedConsumer.this.pausedByContainer.removeAll(partitions);
			GuardedConsumer.this.committed.keySet().removeAll(partitions);
			GuardedConsumer.this.admission.removed(partitions);
		}

	}

	/**
	 * What a consumer published of itself at the start of its last poll or rebalance.
	 *
	 * @param epoch the pause epoch it saw
	 * @param paused whether every assigned partition was paused by bluegreen
	 * @param groupId its consumer group
	 * @param memberId its group member id, empty until it joined
	 * @param generation its generation (classic protocol) or member epoch (consumer
	 * protocol): a rebalance that leaves its assignment as it was changes it
	 * @param assignment its assigned partitions
	 * @param positions the position of each assigned partition, while paused
	 */
	record View(long epoch, boolean paused, @Nullable String groupId, String memberId, int generation,
			Set<TopicPartition> assignment, Map<TopicPartition, Long> positions) {

		static final View NONE = new View(-1, false, null, "", -1, Set.of(), Map.of());

	}

	static List<String> names(Collection<TopicPartition> partitions) {
		return partitions.stream().map(String::valueOf).sorted().toList();
	}

}
