package io.bluegreen.kafka.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bluegreen.kafka.broker.BrokerMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a consumer group has settled on what its consumers hold: the group is stable
 * and every consumer, known by its member id, has the assignment the coordinator gave it.
 * A consumer inside a rebalance may be about to get partitions and return records for
 * them from the poll it is in.
 *
 * @author bluegreen
 */
final class GroupSettlement {

	private GroupSettlement() {
	}

	/**
	 * Return what the group has not settled yet, asking its coordinator.
	 * @param brokerMetadata describes the group
	 * @param listenerId the listener the consumers belong to
	 * @param groupId the group
	 * @param members the assignment of each consumer by its member id, empty if it has
	 * not joined
	 * @return what is not settled, empty once the group is
	 */
	static List<String> unsettled(BrokerMetadata brokerMetadata, String listenerId, String groupId,
			Map<String, Set<TopicPartition>> members) {
		BrokerMetadata.ConsumerGroup group;
		try {
			group = brokerMetadata.describe(groupId);
		}
		catch (IllegalStateException ex) {
			return List.of(String.valueOf(ex.getMessage()));
		}
		if (!group.stable()) {
			return List.of("group " + groupId + " is rebalancing");
		}
		List<String> unsettled = new ArrayList<>();
		members.forEach((memberId, assignment) -> {
			if (memberId.isEmpty()) {
				unsettled.add(listenerId + ": consumer not in group " + groupId + " yet");
				return;
			}
			boolean settled = group.members()
				.stream()
				.anyMatch((member) -> member.memberId().equals(memberId) && member.assignment().equals(assignment));
			if (!settled) {
				unsettled.add(memberId + ": assignment " + ConsumerView.names(assignment) + " not yet the one group "
						+ groupId + " gave it");
			}
		});
		return unsettled;
	}

}
