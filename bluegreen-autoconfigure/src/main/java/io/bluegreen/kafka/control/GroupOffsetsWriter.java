package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import io.bluegreen.scheduling.BlueGreenThreads;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;

/**
 * Commits offsets into consumer groups that have members, which neither a consumer of
 * another group nor the admin client may do: the offsets are sent in a transaction, and a
 * transactional commit that names no member is accepted for any group. All groups of one
 * call are committed atomically.
 * <p>
 * Its transactional producer is initialized when the application starts, in the
 * background, so that the first switch does not pay for it.
 *
 * @author bluegreen
 */
public class GroupOffsetsWriter implements SmartLifecycle, DisposableBean {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(GroupOffsetsWriter.class);

	private final Supplier<Producer<byte[], byte[]>> producerFactory;

	private @Nullable Producer<byte[], byte[]> producer;

	private volatile boolean running;

	private volatile boolean prepared;

	private final AtomicBoolean preparing = new AtomicBoolean();

	private final TaskExecutor preparer;

	/**
	 * Create a new writer that initializes its producer on a daemon thread of its own.
	 * @param producerFactory creates a transactional producer on first use
	 */
	public GroupOffsetsWriter(Supplier<Producer<byte[], byte[]>> producerFactory) {
		this(producerFactory, preparer());
	}

	/**
	 * Create a new writer.
	 * @param producerFactory creates a transactional producer on first use
	 * @param preparer runs the initialization of the producer, which waits for the broker
	 */
	public GroupOffsetsWriter(Supplier<Producer<byte[], byte[]>> producerFactory, TaskExecutor preparer) {
		this.producerFactory = producerFactory;
		this.preparer = preparer;
	}

	private static TaskExecutor preparer() {
		return BlueGreenThreads.executor("bluegreen-offsets-prepare-");
	}

	/**
	 * Commit offsets into consumer groups, atomically.
	 * @param offsets the next offset to consume by partition by group
	 * @throws IllegalStateException if the offsets could not be committed; then none is
	 */
	public synchronized void commit(Map<String, Map<TopicPartition, Long>> offsets) {
		if (offsets.values().stream().allMatch(Map::isEmpty)) {
			return;
		}
		Producer<byte[], byte[]> producer = producer();
		try {
			producer.beginTransaction();
			offsets.forEach((group, partitions) -> {
				if (!partitions.isEmpty()) {
					Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
					partitions.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
					producer.sendOffsetsToTransaction(commits, new ConsumerGroupMetadata(group));
				}
			});
			producer.commitTransaction();
		}
		catch (KafkaException ex) {
			// Whatever failed, start over with a new
			// producer: that aborts the transaction
			close();
			throw new IllegalStateException("Could not commit offsets to groups " + offsets.keySet() + ": " + ex, ex);
		}
	}

	/**
	 * Initialize the transactional producer ahead of the first commit.
	 * @throws IllegalStateException if transactions cannot be initialized
	 */
	private synchronized void prepare() {
		producer();
	}

	/**
	 * Initialize the transactional producer in the background.
	 */
	@Override
	public void start() {
		this.running = true;
		prepareIfNeeded();
	}

	/**
	 * Return whether the transactional producer is initialized; if it is not and no
	 * initialization runs, start one in the background, so that one that failed, as with
	 * a broker slow to answer at startup, is tried again.
	 * @return whether it is initialized
	 */
	public boolean prepareIfNeeded() {
		if (this.prepared) {
			return true;
		}
		if (this.running && this.preparing.compareAndSet(false, true)) {
			this.preparer.execute(() -> {
				long started = System.nanoTime();
				try {
					prepare();
					logger.info("Transactional producer of the offset handover ready in "
							+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
				}
				catch (IllegalStateException ex) {
					logger.warn("Transactional offset commits are not available; switches fail until they are: "
							+ ex.getMessage());
				}
				finally {
					this.preparing.set(false);
				}
			});
		}
		return false;
	}

	/**
	 * Return whether the transactional producer was initialized, so that a switch need
	 * not wait for it.
	 * @return whether it was, once at least
	 */
	public boolean isPrepared() {
		return this.prepared;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private Producer<byte[], byte[]> producer() {
		Producer<byte[], byte[]> producer = this.producer;
		if (producer == null) {
			producer = this.producerFactory.get();
			try {
				producer.initTransactions();
			}
			catch (KafkaException ex) {
				producer.close(CLOSE_TIMEOUT);
				throw new IllegalStateException("Could not initialize the transactional producer: " + ex, ex);
			}
			this.producer = producer;
			this.prepared = true;
		}
		return producer;
	}

	private void close() {
		Producer<byte[], byte[]> producer = this.producer;
		this.producer = null;
		if (producer != null) {
			try {
				producer.close(CLOSE_TIMEOUT);
			}
			catch (KafkaException ex) {
				logger.debug("Could not close the transactional producer", ex);
			}
		}
	}

	@Override
	public synchronized void destroy() {
		close();
	}

}
