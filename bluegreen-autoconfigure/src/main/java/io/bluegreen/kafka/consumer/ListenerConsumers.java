package io.bluegreen.kafka.consumer;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The guarded consumers of the application's listener containers, each bound to the
 * container that owns it, and the restarts of containers whose consumers must not poll. A
 * consumer is bound on the consumer thread: the container publishes a
 * {@code ConsumerStartingEvent} on that thread before its first poll. So every consumer
 * is known by the container it belongs to, never by a client id, which the application
 * may share between listeners and instances.
 *
 * @author bluegreen
 */
final class ListenerConsumers {

	private final Executor restarts;

	private final Map<Thread, KafkaMessageListenerContainer<?, ?>> starting = new ConcurrentHashMap<>();

	private final Map<KafkaMessageListenerContainer<?, ?>, GuardedConsumer> consumers = new ConcurrentHashMap<>();

	private final Map<KafkaMessageListenerContainer<?, ?>, String> listenerIds = new ConcurrentHashMap<>();

	private final Map<KafkaMessageListenerContainer<?, ?>, MessageListenerContainer> parents = new ConcurrentHashMap<>();

	private final Set<MessageListenerContainer> restarting = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicLong> fetchedWhilePaused = new ConcurrentHashMap<>();

	/**
	 * Create a registry.
	 * @param restarts runs the restart of a container, away from its consumer thread
	 */
	ListenerConsumers(Executor restarts) {
		this.restarts = restarts;
	}

	/**
	 * Note a container starting on the current thread, its consumer's.
	 * @param container the container of one consumer
	 * @param parent the listener's container, which may hold several
	 */
	void starting(KafkaMessageListenerContainer<?, ?> container, MessageListenerContainer parent) {
		this.listenerIds.put(container, String.valueOf(parent.getListenerId()));
		this.parents.put(container, parent);
		this.starting.put(Thread.currentThread(), container);
	}

	/**
	 * Forget a container that stopped.
	 * @param container the container of one consumer
	 * @return whether a consumer was bound to it
	 */
	boolean stopped(KafkaMessageListenerContainer<?, ?> container) {
		boolean bound = this.consumers.remove(container) != null;
		this.starting.values().remove(container);
		this.listenerIds.remove(container);
		this.parents.remove(container);
		return bound;
	}

	/**
	 * Bind a consumer to the container starting on the current thread.
	 * @param consumer the consumer
	 * @return the container, or {@code null} if none is starting on this thread
	 */
	@Nullable KafkaMessageListenerContainer<?, ?> bind(GuardedConsumer consumer) {
		KafkaMessageListenerContainer<?, ?> container = this.starting.remove(Thread.currentThread());
		if (container != null) {
			this.consumers.put(container, consumer);
		}
		return container;
	}

	/**
	 * Forget a consumer that closes.
	 * @param consumer the consumer
	 * @return whether it was bound
	 */
	boolean closed(GuardedConsumer consumer) {
		return this.consumers.values().remove(consumer);
	}

	/**
	 * Return the consumer bound to a container.
	 * @param container the container of one consumer
	 * @return the consumer, or {@code null} if it is not known (yet)
	 */
	@Nullable GuardedConsumer consumerOf(KafkaMessageListenerContainer<?, ?> container) {
		return this.consumers.get(container);
	}

	/**
	 * Call an action for each consumer bound to its container.
	 * @param action the action
	 */
	void forEach(BiConsumer<KafkaMessageListenerContainer<?, ?>, GuardedConsumer> action) {
		this.consumers.forEach(action);
	}

	/**
	 * Return the listener's container a container of one consumer belongs to.
	 * @param container the container of one consumer
	 * @return the listener's container, or {@code null} once stopped
	 */
	@Nullable MessageListenerContainer parentOf(KafkaMessageListenerContainer<?, ?> container) {
		return this.parents.get(container);
	}

	/**
	 * Return the listener id of a container of one consumer.
	 * @param container the container
	 * @return the listener id
	 */
	String listenerIdOf(KafkaMessageListenerContainer<?, ?> container) {
		return this.listenerIds.getOrDefault(container, String.valueOf(container.getListenerId()));
	}

	/**
	 * Restart a listener's container once, from another thread than its consumers'.
	 * @param parent the listener's container
	 * @param beforeStart called once it stopped, before it starts again
	 * @return whether this call started the restart, not one already under way
	 */
	boolean restart(MessageListenerContainer parent, Runnable beforeStart) {
		if (!this.restarting.add(parent)) {
			return false;
		}
		this.restarts.execute(() -> parent.stop(() -> {
			beforeStart.run();
			this.restarting.remove(parent);
			parent.start();
		}));
		return true;
	}

	/**
	 * Count records a consumer fetched while paused by bluegreen, for the listener of the
	 * container it is bound to.
	 * @param consumer the consumer
	 * @param records how many
	 */
	void fetchedWhilePaused(GuardedConsumer consumer, int records) {
		this.consumers.forEach((container, guarded) -> {
			if (guarded == consumer) {
				this.fetchedWhilePaused.computeIfAbsent(listenerIdOf(container), (key) -> new AtomicLong())
					.addAndGet(records);
			}
		});
	}

	/**
	 * Return how many records the consumers of a listener fetched while paused.
	 * @param listenerId the listener id
	 * @return the number of records
	 */
	long fetchedWhilePaused(String listenerId) {
		AtomicLong count = this.fetchedWhilePaused.get(listenerId);
		return (count != null) ? count.get() : 0;
	}

}
