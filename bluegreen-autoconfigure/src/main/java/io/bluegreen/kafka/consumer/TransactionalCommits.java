package io.bluegreen.kafka.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * The consumer offsets that the application's transactions committed, as this instance
 * saw them complete: a listener whose container has a {@code KafkaTransactionManager}, or
 * that runs {@code KafkaTemplate.executeInTransaction} itself, commits its offsets with
 * {@code sendOffsetsToTransaction}, which no consumer call shows.
 * <p>
 * Added as a {@link ProducerPostProcessor} to the application's producer factories, it
 * puts a {@link TrackedProducer} around every producer they create. Offsets sent into a
 * transaction are pending until its commit returns; then they are committed. A drain
 * proves a transactional listener's offsets committed from these, without reading the
 * group's offsets with {@code requireStable}: while any of its transactions is open, such
 * a read answers {@code UNSTABLE_OFFSET_COMMIT} for the partitions the transaction
 * carries.
 *
 * @author bluegreen
 */
public class TransactionalCommits implements ProducerPostProcessor<Object, Object> {

	private final Set<TrackedProducer> producers = ConcurrentHashMap.newKeySet();

	private final Map<String, Map<TopicPartition, Long>> committed = new ConcurrentHashMap<>();

	private final List<Runnable> completionActions = new CopyOnWriteArrayList<>();

	private volatile boolean transactionCapable;

	/**
	 * Track the producers of a factory of the application.
	 * @param factory the producer factory
	 */
	public void track(ProducerFactory<Object, Object> factory) {
		factory.addPostProcessor(this);
		if (factory.transactionCapable()) {
			this.transactionCapable = true;
		}
	}

	/**
	 * Return whether a producer factory of the application runs transactions: then any
	 * record listener may commit its offsets in transactions of its own.
	 * @return whether one does
	 */
	public boolean transactionCapable() {
		return this.transactionCapable;
	}

	@Override
	public Producer<Object, Object> apply(Producer<Object, Object> producer) {
		TrackedProducer tracked = new TrackedProducer(producer, this);
		this.producers.add(tracked);
		return tracked;
	}

	/**
	 * Call an action whenever a transaction that carried consumer offsets completed,
	 * committed or aborted.
	 * @param action the action, called on the thread that completed the transaction
	 */
	public void onCompletion(Runnable action) {
		this.completionActions.add(action);
	}

	/**
	 * Return the highest offset a completed transaction committed for a partition of a
	 * group.
	 * @param groupId the consumer group
	 * @param partition the partition
	 * @return the next offset to consume, or {@code null} if no transaction this instance
	 * saw commit carried one
	 */
	public @Nullable Long committed(String groupId, TopicPartition partition) {
		Map<TopicPartition, Long> offsets = this.committed.get(groupId);
		return (offsets != null) ? offsets.get(partition) : null;
	}

	/**
	 * Return whether the application's transactions carry offsets of a group: a
	 * transaction this instance saw commit carried some, or an open one does. Its
	 * listener commits its offsets in transactions by hand if its container has no
	 * transaction manager.
	 * @param groupId the consumer group
	 * @return whether they do
	 */
	public boolean carryOffsetsOf(String groupId) {
		if (this.committed.containsKey(groupId)) {
			return true;
		}
		for (TrackedProducer producer : this.producers) {
			if (!producer.pending(groupId).isEmpty()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the partitions of a group for which an open transaction carries offsets:
	 * until it completes, they are neither committed nor readable as stable.
	 * @param groupId the consumer group
	 * @param partitions the partitions to look at
	 * @return those with offsets in an open transaction
	 */
	public List<TopicPartition> openOn(String groupId, Collection<TopicPartition> partitions) {
		List<TopicPartition> open = new ArrayList<>();
		for (TrackedProducer producer : this.producers) {
			for (TopicPartition partition : producer.pending(groupId)) {
				if (partitions.contains(partition) && !open.contains(partition)) {
					open.add(partition);
				}
			}
		}
		return open;
	}

	void committed(Map<String, Map<TopicPartition, Long>> offsets) {
		offsets.forEach((group, partitions) -> {
			Map<TopicPartition, Long> byPartition = this.committed.computeIfAbsent(group,
					(key) -> new ConcurrentHashMap<>());
			partitions.forEach((partition, offset) -> byPartition.merge(partition, offset, Math::max));
		});
		completed();
	}

	void completed() {
		this.completionActions.forEach(Runnable::run);
	}

	void closed(TrackedProducer producer) {
		this.producers.remove(producer);
	}

}
