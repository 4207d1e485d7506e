package io.bluegreen.kafka.consumer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.bluegreen.kafka.broker.BrokerMetadata;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.ListenerStatus;
import io.bluegreen.lifecycle.ManagedListeners;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The listener containers of a {@link ListenerContainerRegistry} that bluegreen manages.
 * <p>
 * While a pause is requested, every consumer of these containers is held paused beneath
 * its container by {@link PausePositions}: each partition it is assigned is paused in the
 * rebalance callback before it can be fetched, whatever the group protocol hands out and
 * whichever topics a pattern matches later; resumes by the container or the application
 * do not reach it. Consumers that start later come up paused.
 * <p>
 * A listener is {@link LifecycleState#PAUSED} when every consumer of it published, since
 * the pause was requested, that all its partitions are paused, with their positions; the
 * group's committed offsets have reached those positions; and the group is stable with
 * each consumer, known by its member id, holding the assignment the coordinator gave it.
 * A listener that acknowledges by hand must also have finished every record handed to it
 * (see {@link InFlightRecords}). Offsets that the application's transactions commit are
 * proven committed by the transactions this instance saw complete (see
 * {@link TransactionalCommits}), not by a read that an open transaction makes unstable.
 * The broker is asked only once the consumers' own views show the pause, and once for
 * each set of positions and members it confirmed.
 *
 * @author bluegreen
 */
public class KafkaManagedListeners implements ManagedListeners {

	private final ListenerContainerRegistry registry;

	private final ListenerSelection selection;

	private final PausePositions pausePositions;

	private final BrokerMetadata brokerMetadata;

	private final TransactionalCommits transactionalCommits;

	private final Map<String, Proof> proofs = new ConcurrentHashMap<>();

	/**
	 * Create a new instance that sees no transaction of the application.
	 * @param registry the registry of the application's listener containers
	 * @param selection which listeners to manage
	 * @param pausePositions the consumers of the containers, held paused on request
	 * @param brokerMetadata reader of committed offsets and groups
	 */
	public KafkaManagedListeners(ListenerContainerRegistry registry, ListenerSelection selection,
			PausePositions pausePositions, BrokerMetadata brokerMetadata) {
		this(registry, selection, pausePositions, brokerMetadata, new TransactionalCommits());
	}

	/**
	 * Create a new instance.
	 * @param registry the registry of the application's listener containers
	 * @param selection which listeners to manage
	 * @param pausePositions the consumers of the containers, held paused on request
	 * @param brokerMetadata reader of committed offsets and groups
	 * @param transactionalCommits the consumer offsets the application's transactions
	 * committed
	 */
	public KafkaManagedListeners(ListenerContainerRegistry registry, ListenerSelection selection,
			PausePositions pausePositions, BrokerMetadata brokerMetadata, TransactionalCommits transactionalCommits) {
		this.registry = registry;
		this.selection = selection;
		this.pausePositions = pausePositions;
		this.brokerMetadata = brokerMetadata;
		this.transactionalCommits = transactionalCommits;
		pausePositions.transactionalCommits(transactionalCommits);
	}

	@Override
	public void validate() {
		List<String> ids = this.registry.getAllListenerContainers()
			.stream()
			.map(MessageListenerContainer::getListenerId)
			.filter((id) -> id != null)
			.toList();
		this.selection.validate(ids);
	}

	/**
	 * Track the records of every managed listener that acknowledges them by hand, so that
	 * its drain waits for each, not for a commit that may pass records still in flight.
	 */
	@Override
	public void prepare() {
		containers().forEach(this.pausePositions.inFlight()::track);
	}

	@Override
	public void requestPause() {
		this.pausePositions.pause();
	}

	@Override
	public void requestResume() {
		this.pausePositions.resume();
	}

	@Override
	public void onProgress(Runnable action) {
		this.pausePositions.onProgress(action);
		// A transaction that commits a listener's
		// offsets is progress no consumer call shows
		this.transactionalCommits.onCompletion(() -> {
			if (this.pausePositions.isPauseRequested()) {
				action.run();
			}
		});
	}

	@Override
	public long fetchedWhilePaused() {
		return containers().stream()
			.mapToLong((container) -> this.pausePositions.fetchedWhilePaused(String.valueOf(container.getListenerId())))
			.sum();
	}

	@Override
	public List<ListenerStatus> inspect() {
		return containers().stream().map(this::inspect).sorted(Comparator.comparing(ListenerStatus::id)).toList();
	}

	/**
	 * Return the managed listener containers.
	 * @return the containers
	 */
	public List<MessageListenerContainer> containers() {
		return this.selection.managed(this.registry);
	}

	private ListenerStatus inspect(MessageListenerContainer container) {
		boolean pauseRequested = this.pausePositions.isPauseRequested();
		long epoch = this.pausePositions.gate().epoch();
		List<KafkaMessageListenerContainer<?, ?>> consumers = consumersOf(container);
		List<String> assigned = new ArrayList<>();
		List<String> paused = new ArrayList<>();
		List<String> pending = new ArrayList<>();
		Map<TopicPartition, Long> positions = new LinkedHashMap<>();
		Map<String, Set<TopicPartition>> members = new LinkedHashMap<>();
		Map<String, Integer> generations = new LinkedHashMap<>();
		boolean allPublished = true;
		for (KafkaMessageListenerContainer<?, ?> consumer : consumers) {
			if (!consumer.isRunning()) {
				continue;
			}
			GuardedConsumer guarded = this.pausePositions.consumerOf(consumer);
			if (guarded == null) {
				allPublished = false;
				pending.add(consumer.getListenerId() + ": consumer not polling yet");
				continue;
			}
			ConsumerView view = guarded.view();
			view.assignment().forEach((partition) -> assigned.add(partition.toString()));
			members.put(view.memberId(), view.assignment());
			generations.put(view.memberId(), view.generation());
			if (!pauseRequested) {
				continue;
			}
			// A view published before this pause was requested says nothing about it
			if (!view.paused() || view.epoch() != epoch) {
				allPublished = false;
				pending.add(consumer.getListenerId() + ": consumer not paused yet on "
						+ ConsumerView.names(view.assignment()) + " (records in flight or next poll pending)");
				continue;
			}
			List<TopicPartition> unknown = new ArrayList<>();
			view.assignment().forEach((partition) -> {
				Long position = view.positions().get(partition);
				if (position != null) {
					paused.add(partition.toString());
					positions.put(partition, position);
				}
				else {
					unknown.add(partition);
				}
			});
			if (!unknown.isEmpty()) {
				allPublished = false;
				pending
					.add(consumer.getListenerId() + ": position of " + ConsumerView.names(unknown) + " not known yet");
			}
		}
		if (consumers.isEmpty() && container.isRunning()) {
			allPublished = false;
			pending.add(container.getListenerId() + ": container not paused yet");
		}
		String id = String.valueOf(container.getListenerId());
		String unfinished = pauseRequested ? this.pausePositions.inFlight().unfinished(id) : null;
		if (unfinished != null) {
			pending.add(unfinished);
		}
		Proof proof = new Proof(epoch, container.getGroupId(), positions, members, generations);
		if (pauseRequested && pending.isEmpty() && !proof.equals(this.proofs.get(id))) {
			if (!positions.isEmpty()) {
				pending.addAll(uncommitted(container.getGroupId(), positions));
			}
			if (pending.isEmpty()) {
				pending.addAll(unsettled(container, members));
			}
			if (pending.isEmpty()) {
				// Paused consumers do not move: asked
				// again, the broker would say the same
				this.proofs.put(id, proof);
			}
		}
		long fetchedWhilePaused = this.pausePositions.fetchedWhilePaused(id);
		LifecycleState state = !pauseRequested ? LifecycleState.ACTIVE
				: (pending.isEmpty() ? LifecycleState.PAUSED : LifecycleState.DRAINING);
		boolean consumerPaused = pauseRequested && allPublished;
		return new ListenerStatus(id, container.getGroupId(), state, container.isRunning(), pauseRequested,
				consumerPaused, sorted(assigned), sorted(paused), pauseRequested ? pending : List.of(),
				fetchedWhilePaused);
	}

	/**
	 * A consumer that is inside a rebalance may be about to get partitions and return
	 * records for them from the poll it is in, so a drain is proven only once the group
	 * is stable and every consumer has the assignment the coordinator gave it.
	 */
	private List<String> unsettled(MessageListenerContainer container, Map<String, Set<TopicPartition>> members) {
		String groupId = container.getGroupId();
		if (groupId == null || container.getContainerProperties().getTopicPartitions() != null || members.isEmpty()) {
			// no group management: partitions are assigned by the application
			return List.of();
		}
		return GroupSettlement.unsettled(this.brokerMetadata, String.valueOf(container.getListenerId()), groupId,
				members);
	}

	/**
	 * What is not committed yet of the positions. A partition whose offsets an open
	 * transaction of this instance carries is not; one whose position a transaction this
	 * instance saw commit reached is, without asking the broker. Only the others are read
	 * from the broker, with {@code requireStable}, so that no transaction on other
	 * partitions of the group, such as another instance's, holds the read up.
	 */
	private List<String> uncommitted(@Nullable String groupId, Map<TopicPartition, Long> positions) {
		if (groupId == null) {
			return List.of("no group id: offsets cannot be committed");
		}
		List<TopicPartition> open = this.transactionalCommits.openOn(groupId, positions.keySet());
		if (!open.isEmpty()) {
			return sorted(open.stream()
				.map((partition) -> partition + ": transaction open, next to process " + positions.get(partition))
				.toList());
		}
		Map<TopicPartition, Long> unproven = new LinkedHashMap<>(positions);
		unproven.entrySet().removeIf((entry) -> {
			Long committed = this.transactionalCommits.committed(groupId, entry.getKey());
			return committed != null && committed >= entry.getValue();
		});
		return unproven.isEmpty() ? List.of() : uncommittedOnTheBroker(groupId, unproven);
	}

	private List<String> uncommittedOnTheBroker(String groupId, Map<TopicPartition, Long> positions) {
		try {
			Map<TopicPartition, Long> committed = this.brokerMetadata.committedOffsets(groupId, positions.keySet());
			List<TopicPartition> neverCommitted = positions.keySet()
				.stream()
				.filter((partition) -> !committed.containsKey(partition))
				.toList();
			// A partition the group never committed
			// needs no commit if nothing was consumed
			Map<TopicPartition, Long> beginnings = neverCommitted.isEmpty() ? Map.of()
					: this.brokerMetadata.beginningOffsets(neverCommitted);
			List<String> uncommitted = new ArrayList<>();
			positions.forEach((partition, position) -> {
				Long offset = committed.get(partition);
				long required = (offset != null) ? offset : beginnings.getOrDefault(partition, 0L);
				if (required < position) {
					uncommitted.add(partition + ": committed " + ((offset != null) ? offset : "nothing")
							+ ", next to process " + position);
				}
			});
			return sorted(uncommitted);
		}
		catch (IllegalStateException ex) {
			return List.of(String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * What the broker confirmed of a paused listener: the group committed these positions
	 * and gave these members these assignments in these generations, under this pause. As
	 * long as the consumers still publish the same, the proof holds without asking again,
	 * so the status of a paused instance costs the broker nothing; any rebalance the
	 * consumers take part in changes a generation and asks again.
	 */
	private record Proof(long epoch, @Nullable String groupId, Map<TopicPartition, Long> positions,
			Map<String, Set<TopicPartition>> members, Map<String, Integer> generations) {

	}

	static List<KafkaMessageListenerContainer<?, ?>> consumersOf(MessageListenerContainer container) {
		if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
			return new ArrayList<>(concurrent.getContainers());
		}
		if (container instanceof KafkaMessageListenerContainer<?, ?> single) {
			return List.of(single);
		}
		return List.of();
	}

	private static List<String> sorted(List<String> values) {
		return values.stream().sorted().toList();
	}

}
