package io.bluegreen.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The committed offsets of the colors' consumer groups. Who is a member of the groups is
 * {@link GroupMembership}'s.
 * <p>
 * Every method goes to the broker and returns at once: its answer comes as a completion,
 * on a thread of the implementation's, so that the fleet's executor never waits for the
 * broker.
 *
 * @author bluegreen
 */
public interface ColorOffsets {

	/**
	 * Copy the committed offsets of consumer groups to other groups, atomically.
	 * @param sources the group to copy from, by group to copy to
	 * @return completes with the offsets copied, by group copied to; completes with an
	 * {@link IllegalStateException} if the offsets could not be read or written, then
	 * none is written
	 */
	CompletableFuture<Map<String, List<PartitionOffset>>> copy(Map<String, String> sources);

	/**
	 * Copy the committed offsets of consumer groups to other groups, atomically, but
	 * never move a group's committed offset back: a partition whose offset in the target
	 * group is ahead of the source's is left as it is. The source's offsets are those of
	 * its last completed commits, read without waiting: an offset that an open
	 * transaction carries is left for a later copy.
	 * @param sources the group to copy from, by group to copy to
	 * @return completes with the offsets copied, by group copied to; completes with an
	 * {@link IllegalStateException} if the offsets could not be read or written, then
	 * none is written
	 */
	CompletableFuture<Map<String, List<PartitionOffset>>> copyForward(Map<String, String> sources);

	/**
	 * Wait until offsets that were copied are readable in their groups: a consumer that
	 * gets one of their partitions starts at the copied offset.
	 * @param copied the offsets, by group
	 * @param timeout how long to wait at most
	 * @return completes once they are readable; completes with an
	 * {@link IllegalStateException} if they are not readable in time
	 */
	CompletableFuture<Void> awaitReadable(Map<String, List<PartitionOffset>> copied, Duration timeout);

}
