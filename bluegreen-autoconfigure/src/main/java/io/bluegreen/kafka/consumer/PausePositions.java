package io.bluegreen.kafka.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

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
 * take any number), it puts a {@link GuardedConsumer} around every consumer they create.
 * A consumer is tied to the container that owns it on the consumer thread: the container
 * publishes a {@link ConsumerStartingEvent} on that thread before its first poll. So every
 * consumer is known by the container it belongs to, never by a client id, which the
 * application may share between listeners and instances.
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

	private final Map<Thread, KafkaMessageListenerContainer<?, ?>> starting = new ConcurrentHashMap<>();

	private final Map<KafkaMessageListenerContainer<?, ?>, GuardedConsumer> consumers = new ConcurrentHashMap<>();

	private final Map<KafkaMessageListenerContainer<?, ?>, String> listenerIds = new ConcurrentHashMap<>();

	private final Map<KafkaMessageListenerContainer<?, ?>, MessageListenerContainer> parents = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> fetchedWhilePaused = new ConcurrentHashMap<>();

	private final AtomicLong epoch = new AtomicLong();

	private final List<Runnable> progressActions = new CopyOnWriteArrayList<>();

	private final List<Runnable> membershipActions = new CopyOnWriteArrayList<>();

	private volatile boolean pauseRequested;

	private volatile @Nullable Supplier<CompletableFuture<?>> admissions;

	private volatile @Nullable Function<MessageListenerContainer, @Nullable String> groupOf;

	private final Set<MessageListenerContainer> restarting = ConcurrentHashMap.newKeySet();

	/**
	 * Create a new instance.
	 * @param handoverSeeks offsets at which resumed partitions continue
	 * @param selection the listeners whose consumers are paused
	 */
	public PausePositions(HandoverSeeks handoverSeeks, ListenerSelection selection) {
		this(handoverSeeks, selection, ManualAcks.EACH);
	}

	/**
	 * Create a new instance.
	 * @param handoverSeeks offsets at which resumed partitions continue
	 * @param selection the listeners whose consumers are paused
	 * @param manualAcks how the listeners that acknowledge by hand acknowledge
	 */
	public PausePositions(HandoverSeeks handoverSeeks, ListenerSelection selection, ManualAcks manualAcks) {
		this.handoverSeeks = handoverSeeks;
		this.selection = selection;
		this.inFlight = new InFlightRecords(manualAcks, this::progressed);
	}

	/**
	 * Return the records handed to listeners that acknowledge by hand and not finished.
	 * @return the records in flight
	 */
	InFlightRecords inFlight() {
		return this.inFlight;
	}

	/**
	 * Hold every consumer of the managed listeners paused from its next poll or
	 * rebalance on, until {@link #resume()}.
	 */
	public void pause() {
		if (!this.pauseRequested) {
			this.epoch.incrementAndGet();
			this.pauseRequested = true;
		}
	}

	/**
	 * Let the consumers resume the partitions bluegreen paused at their next poll.
	 */
	public void resume() {
		if (this.pauseRequested) {
			this.pauseRequested = false;
			this.epoch.incrementAndGet();
		}
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
		return this.pauseRequested;
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

	@Override
	public Consumer<Object, Object> apply(Consumer<Object, Object> consumer) {
		return new GuardedConsumer(consumer, this).proxy();
	}

	/**
	 * Return the guarded consumer of a container with one consumer.
	 * @param container the container
	 * @return the consumer, or {@code null} if it is not known (yet)
	 */
	@Nullable GuardedConsumer consumerOf(KafkaMessageListenerContainer<?, ?> container) {
		return this.consumers.get(container);
	}

	/**
	 * Return the positions of every paused partition still assigned, by consumer group.
	 * Once a drain is proven, these are the group's committed offsets.
	 * @return the position by partition by group
	 */
	public Map<String, Map<TopicPartition, Long>> byGroup() {
		Map<String, Map<TopicPartition, Long>> byGroup = new HashMap<>();
		long epoch = this.epoch.get();
		this.consumers.values().forEach((consumer) -> {
			GuardedConsumer.View view = consumer.view();
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
		AtomicLong count = this.fetchedWhilePaused.get(listenerId);
		return (count != null) ? count.get() : 0;
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
		if (event instanceof ConsumerStartingEvent) {
			// Published on the consumer thread, before the consumer's first poll
			MessageListenerContainer parent = ((ConsumerStartingEvent) event).getContainer(MessageListenerContainer.class);
			this.listenerIds.put(container, String.valueOf(parent.getListenerId()));
			this.parents.put(container, parent);
			this.starting.put(Thread.currentThread(), container);
		}
		else {
			MessageListenerContainer parent = this.parents.get(container);
			if (parent != null && !parent.isRunning()) {
				this.inFlight.forget(String.valueOf(parent.getListenerId()));
			}
			if (this.consumers.remove(container) != null) {
				membershipChanged();
			}
			this.starting.values().remove(container);
			this.listenerIds.remove(container);
			this.parents.remove(container);
		}
	}

	long epoch() {
		return this.epoch.get();
	}

	boolean mustPause(KafkaMessageListenerContainer<?, ?> container) {
		return this.pauseRequested && manages(container);
	}

	/**
	 * From now on, hold the partitions a consumer is newly assigned paused until an
	 * admission asked for after the assignment completes.
	 * @param admissions asks for an admission
	 */
	public void admitNewPartitionsWith(Supplier<CompletableFuture<?>> admissions) {
		this.admissions = admissions;
	}

	@Nullable CompletableFuture<?> requestAdmission() {
		Supplier<CompletableFuture<?>> admissions = this.admissions;
		return (admissions != null) ? admissions.get() : null;
	}

	/**
	 * Tie a consumer to the container starting on the current thread.
	 */
	@Nullable KafkaMessageListenerContainer<?, ?> bind(GuardedConsumer consumer) {
		KafkaMessageListenerContainer<?, ?> container = this.starting.remove(Thread.currentThread());
		if (container != null) {
			this.consumers.put(container, consumer);
		}
		return container;
	}

	/**
	 * Whether a consumer must not poll because its container must restart first: the
	 * consumer was created in another group than the one its container must consume in,
	 * or the container's listener acknowledges by hand and its records are not tracked,
	 * as for a container registered after startup. Its container is restarted once, in
	 * the right group and with its records tracked.
	 */
	boolean mustRestart(KafkaMessageListenerContainer<?, ?> container, @Nullable String consumerGroup) {
		MessageListenerContainer parent = this.parents.get(container);
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
		if (this.restarting.add(parent)) {
			logger.info("Restarting listener " + parent.getListenerId()
					+ (wrongGroup ? " in group " + group + ", not " + consumerGroup : "")
					+ (untracked ? " with the records it acknowledges by hand tracked" : ""));
			Thread restart = new Thread(() -> parent.stop(() -> {
				this.inFlight.track(parent);
				this.restarting.remove(parent);
				parent.start();
			}), "bluegreen-restart-" + parent.getListenerId());
			restart.setDaemon(true);
			restart.start();
		}
		return true;
	}

	/**
	 * Whether a consumer's listener acknowledges by hand with its records tracked, and
	 * one handed to it from the given partitions is not finished.
	 */
	boolean inFlight(KafkaMessageListenerContainer<?, ?> container, Collection<TopicPartition> partitions) {
		return this.inFlight.any(listenerIdOf(container), partitions);
	}

	/**
	 * The offset after the highest record of a partition that a consumer's listener
	 * acknowledged, or {@code null}.
	 */
	@Nullable Long acknowledgedUpTo(KafkaMessageListenerContainer<?, ?> container, TopicPartition partition) {
		return this.inFlight.acknowledgedUpTo(listenerIdOf(container), partition);
	}

	/**
	 * Whether the records of a consumer's listener are tracked until acknowledged.
	 */
	boolean tracksRecordsOf(KafkaMessageListenerContainer<?, ?> container) {
		MessageListenerContainer parent = this.parents.get(container);
		return parent != null && this.inFlight.isWrapped(parent);
	}

	void progressed() {
		if (this.pauseRequested) {
			this.progressActions.forEach(Runnable::run);
		}
	}

	void membershipChanged() {
		this.membershipActions.forEach(Runnable::run);
	}

	void closed(GuardedConsumer consumer) {
		if (this.consumers.values().remove(consumer)) {
			membershipChanged();
		}
	}

	@Nullable Long handoverOffset(@Nullable String group, TopicPartition partition) {
		return this.handoverSeeks.take(group, partition);
	}

	void fetchedWhilePaused(GuardedConsumer consumer, int records) {
		List<String> ids = new ArrayList<>();
		this.consumers.forEach((container, guarded) -> {
			if (guarded == consumer) {
				ids.add(listenerIdOf(container));
			}
		});
		ids.forEach((id) -> this.fetchedWhilePaused.computeIfAbsent(id, (key) -> new AtomicLong()).addAndGet(records));
	}

	private boolean manages(KafkaMessageListenerContainer<?, ?> container) {
		String id = listenerIdOf(container);
		return this.selection.manages(id);
	}

	private String listenerIdOf(KafkaMessageListenerContainer<?, ?> container) {
		return this.listenerIds.getOrDefault(container, String.valueOf(container.getListenerId()));
	}

}
