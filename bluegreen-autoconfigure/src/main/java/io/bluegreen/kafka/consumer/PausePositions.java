package io.bluegreen.kafka.consumer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import io.bluegreen.scheduling.BlueGreenThreads;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.kafka.core.ConsumerPostProcessor;
import org.springframework.kafka.event.ConsumerStartingEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The consumers of the application's listener containers, each held paused by bluegreen
 * while its instance is not active, and where each paused consumer stands.
 * <p>
 * Added as a {@link ConsumerPostProcessor} to the application's consumer factories (which
 * take any number), it puts a {@link GuardedConsumer} around every consumer they create,
 * bound to its container by {@link ListenerConsumers} when the container publishes its
 * {@link ConsumerStartingEvent}. The pause request is a {@link PauseGate} the consumers
 * read at their next poll; the records of listeners acknowledging by hand are tracked by
 * {@link InFlightRecords}.
 * <p>
 * A paused consumer publishes its position of each partition, read on its own thread; the
 * drain is complete once the group's committed offsets reach these positions. A partition
 * that resumes with a {@link HandoverSeeks handover offset} ahead of its position
 * continues at that offset.
 *
 * @author bluegreen
 */
public class PausePositions implements SmartApplicationListener, ConsumerPostProcessor<Object, Object> {

	private static final Log logger = LogFactory.getLog(PausePositions.class);

	private final HandoverSeeks handoverSeeks;

	private final ListenerSelection selection;

	private final InFlightRecords inFlight;

	private final PauseGate gate = new PauseGate();

	private final ListenerConsumers consumers;

	private final List<Runnable> progressActions = new CopyOnWriteArrayList<>();

	private final List<Runnable> membershipActions = new CopyOnWriteArrayList<>();

	private volatile @Nullable Supplier<CompletableFuture<?>> admissions;

	private volatile @Nullable Function<MessageListenerContainer, @Nullable String> groupOf;

	private volatile TransactionalCommits transactionalCommits = new TransactionalCommits();

	/**
	 * Create a new instance.
	 * @param handoverSeeks offsets at which resumed partitions continue
	 * @param selection the listeners whose consumers are paused
	 */
	public PausePositions(HandoverSeeks handoverSeeks, ListenerSelection selection) {
		this(handoverSeeks, selection, ManualAcks.EACH);
	}

	/**
	 * Create a new instance that restarts containers on a thread of their own each.
	 * @param handoverSeeks offsets at which resumed partitions continue
	 * @param selection the listeners whose consumers are paused
	 * @param manualAcks how the listeners that acknowledge by hand acknowledge
	 */
	public PausePositions(HandoverSeeks handoverSeeks, ListenerSelection selection, ManualAcks manualAcks) {
		this(handoverSeeks, selection, manualAcks, restartExecutor());
	}

	/**
	 * Create a new instance.
	 * @param handoverSeeks offsets at which resumed partitions continue
	 * @param selection the listeners whose consumers are paused
	 * @param manualAcks how the listeners that acknowledge by hand acknowledge
	 * @param restarts runs the restart of a listener container, which waits for its
	 * consumers to stop, away from their threads
	 */
	public PausePositions(HandoverSeeks handoverSeeks, ListenerSelection selection, ManualAcks manualAcks,
			Executor restarts) {
		this.handoverSeeks = handoverSeeks;
		this.selection = selection;
		this.inFlight = new InFlightRecords(manualAcks, this::progressed);
		this.consumers = new ListenerConsumers(restarts);
	}

	private static Executor restartExecutor() {
		return BlueGreenThreads.executor("bluegreen-restart-");
	}

	/**
	 * Return the records handed to listeners that acknowledge by hand and not finished.
	 * @return the records in flight
	 */
	InFlightRecords inFlight() {
		return this.inFlight;
	}

	PauseGate gate() {
		return this.gate;
	}

	/**
	 * Hold every consumer of the managed listeners paused from its next poll or rebalance
	 * on, until {@link #resume()}.
	 */
	public void pause() {
		this.gate.pause();
	}

	/**
	 * Let the consumers resume the partitions bluegreen paused at their next poll.
	 */
	public void resume() {
		this.gate.resume();
	}

	/**
	 * Call an action whenever a consumer may have come closer to a requested pause: it
	 * published a changed view of itself, or a commit of its offsets succeeded.
	 * @param action the action, called on the consumer's thread
	 */
	public void onProgress(Runnable action) {
		this.progressActions.add(action);
	}

	/**
	 * Call an action whenever the group member id of a consumer changed: it joined, was
	 * given a new one, or stopped.
	 * @param action the action, called on the thread of the consumer or of its container
	 */
	public void onMembershipChange(Runnable action) {
		this.membershipActions.add(action);
	}

	/**
	 * Return whether a pause is requested.
	 * @return whether the consumers are held paused
	 */
	public boolean isPauseRequested() {
		return this.gate.isPauseRequested();
	}

	/**
	 * Tell which groups' offsets the application commits in transactions of its own
	 * ({@code KafkaTemplate.executeInTransaction} with {@code sendOffsetsToTransaction}):
	 * their record listeners stop between records when a pause is requested, as those of
	 * a container with a transaction manager do. In an application with a producer
	 * factory that runs transactions, the records of every record listener are handed one
	 * by one for that.
	 * @param transactionalCommits the offsets the application's transactions committed
	 */
	public void transactionalCommits(TransactionalCommits transactionalCommits) {
		this.transactionalCommits = transactionalCommits;
	}

	/**
	 * Return the offsets the application's transactions committed.
	 * @return the transactional commits
	 */
	TransactionalCommits transactionalCommits() {
		return this.transactionalCommits;
	}

	/**
	 * Give every managed container that starts from now on the group this function
	 * returns for it. A consumer created in another group never polls; its container is
	 * restarted, so that its new consumers are created in the right group.
	 * @param groupOf the group a managed container must consume in, or {@code null} to
	 * leave it as it is
	 */
	public void assignGroupsWith(Function<MessageListenerContainer, @Nullable String> groupOf) {
		this.groupOf = groupOf;
	}

	/**
	 * From now on, hold the partitions a consumer is newly assigned paused until an
	 * admission asked for after the assignment completes.
	 * @param admissions asks for an admission
	 */
	public void admitNewPartitionsWith(Supplier<CompletableFuture<?>> admissions) {
		this.admissions = admissions;
	}

	@Override
	public Consumer<Object, Object> apply(Consumer<Object, Object> consumer) {
		return new ConsumerBinding(this, this.consumers, consumer).consumer();
	}

	/**
	 * Return the guarded consumer of a container with one consumer.
	 * @param container the container
	 * @return the consumer, or {@code null} if it is not known (yet)
	 */
	@Nullable GuardedConsumer consumerOf(KafkaMessageListenerContainer<?, ?> container) {
		return this.consumers.consumerOf(container);
	}

	/**
	 * Return the positions of every paused partition still assigned, by consumer group.
	 * Once a drain is proven, these are the group's committed offsets.
	 * @return the position by partition by group
	 */
	public Map<String, Map<TopicPartition, Long>> byGroup() {
		Map<String, Map<TopicPartition, Long>> byGroup = new HashMap<>();
		long epoch = this.gate.epoch();
		this.consumers.forEach((container, consumer) -> {
			ConsumerView view = consumer.view();
			if (view.paused() && view.epoch() == epoch && view.groupId() != null) {
				byGroup.computeIfAbsent(view.groupId(), (key) -> new HashMap<>()).putAll(view.positions());
			}
		});
		return byGroup;
	}

	/**
	 * Return the group member ids of every consumer of the managed listeners that joined
	 * its group, with or without partitions, as read on the consumer threads.
	 * @return the member ids
	 */
	public Set<String> memberIds() {
		Set<String> memberIds = new TreeSet<>();
		this.consumers.forEach((container, consumer) -> {
			String memberId = consumer.view().memberId();
			if (!memberId.isEmpty() && container.isRunning() && manages(container)) {
				memberIds.add(memberId);
			}
		});
		return memberIds;
	}

	/**
	 * Return how many records the consumers of a listener fetched while paused by
	 * bluegreen. Such records are never handed to the listener; any is a fault.
	 * @param listenerId the listener id
	 * @return the number of records
	 */
	public long fetchedWhilePaused(String listenerId) {
		return this.consumers.fetchedWhilePaused(listenerId);
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ConsumerStartingEvent.class.isAssignableFrom(eventType)
				|| ConsumerStoppedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (!(event.getSource() instanceof KafkaMessageListenerContainer<?, ?> container)) {
			return;
		}
		if (event instanceof ConsumerStartingEvent starting) {
			// Published on the consumer thread, before the consumer's first poll
			this.consumers.starting(container, starting.getContainer(MessageListenerContainer.class));
		}
		else {
			MessageListenerContainer parent = this.consumers.parentOf(container);
			if (parent != null && !parent.isRunning()) {
				this.inFlight.forget(String.valueOf(parent.getListenerId()));
			}
			if (this.consumers.stopped(container)) {
				membershipChanged();
			}
		}
	}

	boolean mustPause(KafkaMessageListenerContainer<?, ?> container) {
		return this.gate.isPauseRequested() && manages(container);
	}

	@Nullable CompletableFuture<?> requestAdmission() {
		Supplier<CompletableFuture<?>> admissions = this.admissions;
		return (admissions != null) ? admissions.get() : null;
	}

	/**
	 * Whether a consumer must not poll because its container must restart first: the
	 * consumer was created in another group than the one its container must consume in,
	 * or the container's listener acknowledges by hand and its records are not tracked,
	 * as for a container registered after startup. Its container is restarted once, in
	 * the right group and with its records tracked.
	 */
	boolean mustRestart(KafkaMessageListenerContainer<?, ?> container, @Nullable String consumerGroup) {
		MessageListenerContainer parent = this.consumers.parentOf(container);
		if (parent == null || !manages(container)) {
			return false;
		}
		Function<MessageListenerContainer, @Nullable String> groupOf = this.groupOf;
		String group = (groupOf != null) ? groupOf.apply(parent) : null;
		boolean wrongGroup = group != null && !group.equals(consumerGroup);
		boolean untracked = !this.inFlight.isTracked(parent);
		if (!wrongGroup && !untracked) {
			return false;
		}
		if (this.consumers.restart(parent, () -> this.inFlight.track(parent))) {
			logger.info("Restarting listener " + parent.getListenerId()
					+ (wrongGroup ? " in group " + group + ", not " + consumerGroup : "")
					+ (untracked ? " with the records it acknowledges by hand tracked" : ""));
		}
		return true;
	}

	void progressed() {
		if (this.gate.isPauseRequested()) {
			this.progressActions.forEach(Runnable::run);
		}
	}

	void membershipChanged() {
		this.membershipActions.forEach(Runnable::run);
	}

	@Nullable Long handoverOffset(@Nullable String group, TopicPartition partition) {
		return this.handoverSeeks.take(group, partition);
	}

	private boolean manages(KafkaMessageListenerContainer<?, ?> container) {
		return this.selection.manages(this.consumers.listenerIdOf(container));
	}

}
