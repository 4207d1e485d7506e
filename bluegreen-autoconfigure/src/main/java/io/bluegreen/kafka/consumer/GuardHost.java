package io.bluegreen.kafka.consumer;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link GuardedConsumer} asks of the rest of bluegreen and tells it: the guard's
 * only way out. One per consumer, so that the guard's decisions can be tested against
 * Kafka's {@code MockConsumer} with a host of the test's own. Called on the consumer's
 * thread.
 *
 * @author bluegreen
 */
interface GuardHost {

	/**
	 * Tie the consumer to the listener container starting on the current thread, at its
	 * first poll.
	 * @param groupId the group the consumer was created in
	 * @return whether the consumer must never poll because its container is restarted:
	 * created in another group than the one its container must consume in, or for a
	 * listener acknowledging by hand whose records are not tracked yet
	 */
	boolean bind(@Nullable String groupId);

	/**
	 * Return the pause epoch, which changes with every pause and resume requested.
	 * @return the epoch
	 */
	long epoch();

	/**
	 * Return whether the consumer must hold every partition paused.
	 * @return whether a pause is requested and the consumer's listener is managed
	 */
	boolean mustPause();

	/**
	 * Return whether the consumer's container is stopping.
	 * @return whether it was bound to a container that no longer runs
	 */
	boolean stopping();

	/**
	 * Return whether the records of the consumer's listener are tracked until
	 * acknowledged, for a listener acknowledging by hand.
	 * @return whether they are tracked
	 */
	boolean tracksRecords();

	/**
	 * Return whether the consumer's listener may stop between two records of a poll,
	 * asked once per poll: a record listener whose container runs transactions, or whose
	 * application has a producer factory that runs them, so that the listener may run
	 * them by hand. Its records are handed one by one, asking
	 * {@link #stopsBetweenRecords()} before each once a pause is requested.
	 * @return whether it may stop between records
	 */
	boolean mayStopBetweenRecords();

	/**
	 * Return whether the consumer's listener stops between two records of a poll when a
	 * pause is requested: a record listener that commits each record in a Kafka
	 * transaction of its own, at least one round trip to the broker per record, whether
	 * its container runs the transactions or the listener does by hand. The records not
	 * handed to it yet go back to the consumer.
	 * @return whether it stops between records
	 */
	boolean stopsBetweenRecords();

	/**
	 * Return, once every record handed to the consumer's listener from the partitions is
	 * finished, the offset after the highest record it acknowledged of each.
	 * @param partitions the consumer's partitions
	 * @return the acknowledged offsets, empty while records are in flight or untracked
	 */
	Map<TopicPartition, Long> acknowledgedOnceFinished(Collection<TopicPartition> partitions);

	/**
	 * Ask for an admission of newly assigned partitions.
	 * @return the admission, or {@code null} when partitions need none
	 */
	@Nullable CompletableFuture<?> requestAdmission();

	/**
	 * Take the offset at which a resumed partition continues after a handover.
	 * @param groupId the consumer's group
	 * @param partition the partition
	 * @return the offset, or {@code null}
	 */
	@Nullable Long handoverOffset(@Nullable String groupId, TopicPartition partition);

	/**
	 * Signal that a commit of the consumer's offsets succeeded.
	 */
	void committed();

	/**
	 * Signal that the consumer published a changed view of itself.
	 * @param previous the view it published before
	 * @param view the new view
	 */
	void published(ConsumerView previous, ConsumerView view);

	/**
	 * Signal that a poll returned records although every partition was paused; they were
	 * not handed to the listener.
	 * @param records how many
	 * @param partitions the partitions they came from
	 */
	void fetchedWhilePaused(int records, Collection<TopicPartition> partitions);

	/**
	 * Signal that the consumer is closing.
	 */
	void closed();

}
