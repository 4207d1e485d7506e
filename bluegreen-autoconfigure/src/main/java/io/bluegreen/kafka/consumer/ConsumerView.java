package io.bluegreen.kafka.consumer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * What a guarded consumer published of itself at the start of its last poll or rebalance.
 *
 * @param epoch the pause epoch it saw
 * @param paused whether every assigned partition was paused by bluegreen
 * @param groupId its consumer group
 * @param memberId its group member id, empty until it joined
 * @param generation its generation (classic protocol) or member epoch (consumer
 * protocol): a rebalance that leaves its assignment as it was changes it
 * @param assignment its assigned partitions
 * @param positions the position of each assigned partition, while paused
 * @author bluegreen
 */
record ConsumerView(long epoch, boolean paused, @Nullable String groupId, String memberId, int generation,
		Set<TopicPartition> assignment, Map<TopicPartition, Long> positions) {

	static final ConsumerView NONE = new ConsumerView(-1, false, null, "", -1, Set.of(), Map.of());

	static List<String> names(Collection<TopicPartition> partitions) {
		return partitions.stream().map(String::valueOf).sorted().toList();
	}

}
