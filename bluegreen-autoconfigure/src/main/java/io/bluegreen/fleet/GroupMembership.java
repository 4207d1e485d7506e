package io.bluegreen.fleet;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The members of the colors' consumer groups, as their coordinator sees them: which
 * consumers hold a group's partitions, whether or not an instance reported them.
 *
 * @author bluegreen
 */
public interface GroupMembership {

	/**
	 * Return the ids of the members of a consumer group. Goes to the broker and returns
	 * at once: the answer comes as a completion, on a thread of the implementation's.
	 * @param group the group
	 * @return completes with the member ids, empty if it has none or does not exist;
	 * completes with an {@link IllegalStateException} if the group cannot be described
	 */
	CompletableFuture<Set<String>> memberIds(String group);

	/**
	 * Return how long a member whose process is gone stays in its group, until the broker
	 * removes it. Known beforehand: never goes to the broker.
	 * @return the session timeout of the members, or {@code null} if it is not known
	 */
	default @Nullable Duration sessionTimeout() {
		return null;
	}

}
