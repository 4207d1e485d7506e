package io.bluegreen.lifecycle;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * State of one managed listener container.
 *
 * @param id the listener id
 * @param groupId the consumer group the listener consumes in
 * @param state the state of this listener alone
 * @param running whether the container is running
 * @param pauseRequested whether a pause is requested for every consumer of the container
 * @param consumerPaused whether every consumer of the container has actually paused
 * @param assignedPartitions the partitions currently assigned, as {@code topic-partition}
 * @param pausedPartitions the assigned partitions whose consumer is paused
 * @param pending why the listener is not yet drained; empty once it is
 * @param fetchedWhilePaused how many records its consumers fetched although every one of
 * their partitions was paused by bluegreen: a fault, never expected. Such records are not
 * handed to the listener; the consumer goes back to them
 * @author bluegreen
 */
public record ListenerStatus(String id, @Nullable String groupId, LifecycleState state, boolean running,
		boolean pauseRequested, boolean consumerPaused, List<String> assignedPartitions, List<String> pausedPartitions,
		List<String> pending, long fetchedWhilePaused) {

}
