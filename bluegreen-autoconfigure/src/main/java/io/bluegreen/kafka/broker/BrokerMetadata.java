package io.bluegreen.kafka.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListGroupsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ClassicGroupState;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * What the broker says about topics and consumer groups: partitions, beginning offsets
 * and committed offsets. Thread-safe; never uses a consumer.
 *
 * @author bluegreen
 */
public class BrokerMetadata implements DisposableBean {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration UNSTABLE_RETRY = Duration.ofMillis(5);

	private final Supplier<Admin> adminFactory;

	// The protocol of each group with members that was described
	private final Map<String, GroupType> groupTypes = new ConcurrentHashMap<>();

	private volatile @Nullable Admin admin;

	/**
	 * Create a new instance.
	 * @param adminFactory creates the admin client on first use
	 */
	public BrokerMetadata(Supplier<Admin> adminFactory) {
		this.adminFactory = adminFactory;
	}

	/**
	 * Return the committed offset of every partition the group has committed, once no
	 * transactional commit to them is pending.
	 * @param groupId the consumer group
	 * @return the next offset to consume by partition
	 * @throws IllegalStateException if the offsets cannot be read, or stay pending
	 */
	public Map<TopicPartition, Long> committedOffsets(String groupId) {
		return committedOffsets(groupId, (Collection<TopicPartition>) null);
	}

	/**
	 * Return the committed offset of those of the given partitions the group has
	 * committed, once no transactional commit to them is pending. Transactions that carry
	 * offsets of other partitions of the group do not hold the read up.
	 * @param groupId the consumer group
	 * @param partitions the partitions, or {@code null} for every partition
	 * @return the next offset to consume by partition
	 * @throws IllegalStateException if the offsets cannot be read, or stay pending
	 */
	public Map<TopicPartition, Long> committedOffsets(String groupId, @Nullable Collection<TopicPartition> partitions) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			// A stable read leaves out the partitions with a pending transactional commit
			Map<TopicPartition, Long> stable = committedOffsets(groupId, partitions, true);
			Set<TopicPartition> missing = new HashSet<>(committedOffsets(groupId, partitions, false).keySet());
			missing.removeAll(stable.keySet());
			if (missing.isEmpty()) {
				return stable;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"Committed offsets of group " + groupId + " stayed pending on " + missing);
			}
			try {
				Thread.sleep(UNSTABLE_RETRY.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while reading the offsets of group " + groupId, ex);
			}
		}
	}

	/**
	 * Return the offsets of the group's last completed commits, at once: an offset that a
	 * transaction still open carries is not included, nor waited for. For a busy
	 * transactional listener, one is almost always open.
	 * @param groupId the consumer group
	 * @return the next offset to consume by partition, as of the last completed commits
	 * @throws IllegalStateException if the offsets cannot be read
	 */
	public Map<TopicPartition, Long> lastCompletedOffsets(String groupId) {
		return committedOffsets(groupId, null, false);
	}

	private Map<TopicPartition, Long> committedOffsets(String groupId, @Nullable Collection<TopicPartition> partitions,
			boolean requireStable) {
		ListConsumerGroupOffsetsOptions options = new ListConsumerGroupOffsetsOptions().requireStable(requireStable);
		ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec();
		if (partitions != null) {
			spec.topicPartitions(partitions);
		}
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				admin().listConsumerGroupOffsets(Map.of(groupId, spec), options).partitionsToOffsetAndMetadata(groupId),
				"committed offsets of group " + groupId);
		Map<TopicPartition, Long> offsets = new HashMap<>();
		committed.forEach((partition, offset) -> {
			if (offset != null) {
				offsets.put(partition, offset.offset());
			}
		});
		return offsets;
	}

	/**
	 * Describe a consumer group as its coordinator sees it. A group not described before
	 * is looked up in the cluster's list of consumer groups first, which tells whether it
	 * exists and which protocol it follows: describing a group that does not exist, or
	 * with the other protocol's request, makes Kafka's admin client log an error, and a
	 * classic group described as a consumer-protocol group costs a refused request and a
	 * retry after the admin client's back-off. The list costs a request to each broker;
	 * the protocol of a group with members is kept, so that later descriptions take one
	 * request to its coordinator.
	 * @param groupId the consumer group
	 * @return whether it is stable, and its members with their assignments
	 * @throws IllegalStateException if the group cannot be described, or does not exist
	 * (then caused by a {@link GroupIdNotFoundException})
	 */
	public ConsumerGroup describe(String groupId) {
		GroupType known = this.groupTypes.get(groupId);
		if (known != null) {
			try {
				return describe(groupId, known);
			}
			catch (IllegalStateException ex) {
				this.groupTypes.remove(groupId);
				if (!isGroupNotFound(ex)) {
					throw ex;
				}
				// Gone, or its protocol changed since: looked up again
			}
		}
		GroupListing listing = listing(groupId);
		if (listing.groupState().orElse(null) == GroupState.EMPTY) {
			return new ConsumerGroup(false, List.of());
		}
		GroupType type = listing.type().orElse(GroupType.CLASSIC);
		ConsumerGroup group = describe(groupId, type);
		if (!group.members().isEmpty()) {
			// An empty classic group, as an offset commit creates, becomes a
			// consumer-protocol group when such a consumer joins: only a group with
			// members keeps its protocol
			this.groupTypes.putIfAbsent(groupId, type);
		}
		return group;
	}

	private ConsumerGroup describe(String groupId, GroupType type) {
		if (type == GroupType.CONSUMER) {
			ConsumerGroupDescription group = get(
					Objects.requireNonNull(
							admin().describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId)),
					"members of group " + groupId);
			if (group.type() == GroupType.CLASSIC) {
				// Changed protocol: the admin client
				// described it with the classic request
				this.groupTypes.remove(groupId);
			}
			return new ConsumerGroup(group.groupState() == GroupState.STABLE, members(group.members()));
		}
		ClassicGroupDescription group = get(
				Objects.requireNonNull(admin().describeClassicGroups(List.of(groupId)).describedGroups().get(groupId)),
				"members of group " + groupId);
		return new ConsumerGroup(group.state() == ClassicGroupState.STABLE, members(group.members()));
	}

	/**
	 * Return whether a failure to describe a group says that the group does not exist.
	 * @param ex the failure
	 * @return whether the group does not exist
	 */
	public static boolean isGroupNotFound(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof GroupIdNotFoundException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the listing of a consumer group, from every broker that coordinates groups.
	 * The list leaves out the groups this client may not describe, so a group it does not
	 * show is only taken for one that does not exist once reading its offsets, which
	 * needs the same permission, succeeded.
	 */
	private GroupListing listing(String groupId) {
		ListGroupsResult result = admin().listGroups(ListGroupsOptions.forConsumerGroups());
		Collection<GroupListing> listings = get(result.valid(), "consumer groups");
		for (GroupListing listing : listings) {
			if (listing.groupId().equals(groupId)) {
				return listing;
			}
		}
		Collection<Throwable> errors = get(result.errors(), "consumer groups");
		if (!errors.isEmpty()) {
			// A broker that did not answer may coordinate the group
			throw new IllegalStateException(
					"Could not read members of group " + groupId + ": not every broker listed its groups: " + errors,
					errors.iterator().next());
		}
		// Fails without the permission to describe the group; empty, and logs nothing, if
		// the group does not exist
		get(admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), "members of group " + groupId);
		throw new IllegalStateException("Could not read members of group " + groupId + ": it does not exist",
				new GroupIdNotFoundException("Consumer group " + groupId + " does not exist"));
	}

	private static List<GroupMember> members(Collection<MemberDescription> members) {
		return members.stream()
			.map((member) -> new GroupMember(member.consumerId(), Set.copyOf(member.assignment().topicPartitions())))
			.toList();
	}

	/**
	 * A consumer group as its coordinator sees it.
	 *
	 * @param stable whether no rebalance is in progress
	 * @param members its members
	 */
	public record ConsumerGroup(boolean stable, List<GroupMember> members) {

	}

	/**
	 * A member of a consumer group.
	 *
	 * @param memberId the member id
	 * @param assignment the partitions the coordinator assigned to it
	 */
	public record GroupMember(String memberId, Set<TopicPartition> assignment) {

	}

	/**
	 * Return the earliest offset of each partition.
	 * @param partitions the partitions
	 * @return the beginning offset by partition
	 * @throws IllegalStateException if the offsets cannot be read
	 */
	public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach((partition) -> request.put(partition, OffsetSpec.earliest()));
		Map<TopicPartition, Long> offsets = new HashMap<>();
		get(admin().listOffsets(request).all(), "beginning offsets of " + partitions)
			.forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	/**
	 * Return every partition of the given topics and of the topics matching the pattern.
	 * @param topics topic names
	 * @param pattern a topic pattern, or {@code null}
	 * @return the partitions
	 * @throws IllegalStateException if the topics cannot be described
	 */
	public Set<TopicPartition> partitions(Collection<String> topics, @Nullable Pattern pattern) {
		Set<String> names = new HashSet<>(topics);
		if (pattern != null) {
			get(admin().listTopics().names(), "topic names").stream()
				.filter((name) -> pattern.matcher(name).matches())
				.forEach(names::add);
		}
		Set<TopicPartition> partitions = new HashSet<>();
		if (!names.isEmpty()) {
			get(admin().describeTopics(names).allTopicNames(), "topics " + names)
				.forEach((name, description) -> description.partitions()
					.forEach((partition) -> partitions.add(new TopicPartition(name, partition.partition()))));
		}
		return partitions;
	}

	/**
	 * Return the value of a configuration of a broker of the cluster, any one: the
	 * brokers of a cluster are expected to agree on it.
	 * @param name the name of the configuration
	 * @return its value, or {@code null} if the broker does not know it
	 * @throws IllegalStateException if the configuration cannot be read
	 */
	public @Nullable String brokerConfig(String name) {
		Collection<Node> nodes = get(admin().describeCluster().nodes(), "the brokers of the cluster");
		Node node = nodes.stream()
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The cluster has no broker to read " + name + " from"));
		ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
		Config config = get(Objects.requireNonNull(admin().describeConfigs(List.of(broker)).values().get(broker)),
				"configuration " + name + " of broker " + node.idString());
		ConfigEntry entry = config.get(name);
		return (entry != null) ? entry.value() : null;
	}

	private static <T> T get(KafkaFuture<T> future, String what) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading " + what, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not read " + what + ": " + ex, ex);
		}
	}

	private Admin admin() {
		Admin admin = this.admin;
		if (admin == null) {
			synchronized (this) {
				admin = this.admin;
				if (admin == null) {
					admin = this.adminFactory.get();
					this.admin = admin;
				}
			}
		}
		return admin;
	}

	@Override
	public void destroy() {
		Admin admin = this.admin;
		if (admin != null) {
			admin.close(TIMEOUT);
		}
	}

}
