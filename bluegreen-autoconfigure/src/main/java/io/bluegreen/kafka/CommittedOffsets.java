package io.bluegreen.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * Reads the offsets a consumer group has committed, as the broker has them.
 *
 * @author bluegreen
 */
public class CommittedOffsets implements DisposableBean {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Supplier<Admin> adminFactory;

	private volatile @Nullable Admin admin;

	/**
	 * Create a new instance.
	 * @param adminFactory creates the admin client on first use
	 */
	public CommittedOffsets(Supplier<Admin> adminFactory) {
		this.adminFactory = adminFactory;
	}

	/**
	 * Return the committed offset of every partition the group has committed.
	 * @param groupId the consumer group
	 * @return the next offset to consume by partition
	 * @throws IllegalStateException if the offsets cannot be read
	 */
	public Map<TopicPartition, Long> of(String groupId) {
		ListConsumerGroupOffsetsOptions options = new ListConsumerGroupOffsetsOptions().requireStable(true);
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(groupId, options)
				.partitionsToOffsetAndMetadata()
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			Map<TopicPartition, Long> offsets = new HashMap<>();
			committed.forEach((partition, offset) -> {
				if (offset != null) {
					offsets.put(partition, offset.offset());
				}
			});
			return offsets;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading committed offsets of group " + groupId, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not read committed offsets of group " + groupId + ": " + ex, ex);
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
