package io.bluegreen.kafka.consumer;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The partitions a consumer was newly assigned and may not consume yet: they stay paused
 * until the fleet admits them, once its instance caught up with the control log after the
 * assignment (see {@link io.bluegreen.fleet.Admission}). Confined to the consumer's
 * thread.
 *
 * @author bluegreen
 */
final class NewPartitionHold {

	private final Supplier<@Nullable CompletableFuture<?>> admissions;

	private final Set<TopicPartition> held = new HashSet<>();

	private @Nullable CompletableFuture<?> admission;

	/**
	 * Create a hold.
	 * @param admissions asks for an admission, or returns {@code null} when partitions
	 * need none
	 */
	NewPartitionHold(Supplier<@Nullable CompletableFuture<?>> admissions) {
		this.admissions = admissions;
	}

	/**
	 * Hold newly assigned partitions until they are admitted.
	 * @param partitions the partitions
	 * @return the partitions to pause: all of them, or none if they need no admission
	 */
	Collection<TopicPartition> assigned(Collection<TopicPartition> partitions) {
		if (partitions.isEmpty()) {
			return List.of();
		}
		CompletableFuture<?> admission = this.admissions.get();
		if (admission == null) {
			return List.of();
		}
		this.held.addAll(partitions);
		// Asked later, it also covers the partitions held before
		this.admission = admission;
		return partitions;
	}

	/**
	 * Forget partitions the consumer no longer has.
	 * @param partitions the partitions
	 */
	void removed(Collection<TopicPartition> partitions) {
		this.held.removeAll(partitions);
		if (this.held.isEmpty()) {
			this.admission = null;
		}
	}

	/**
	 * Forget every held partition, as the consumer unsubscribes.
	 */
	void clear() {
		this.held.clear();
		this.admission = null;
	}

	/**
	 * Return whether the admission asked for last has an answer.
	 * @return whether it completed
	 */
	boolean answered() {
		return this.admission != null && this.admission.isDone();
	}

	/**
	 * Release the held partitions once they are admitted; ask again if the admission
	 * failed.
	 * @return the partitions released, to resume
	 */
	Set<TopicPartition> release() {
		CompletableFuture<?> admission = this.admission;
		if (admission == null || !admission.isDone()) {
			return Set.of();
		}
		if (admission.isCompletedExceptionally()) {
			this.admission = this.admissions.get();
			return Set.of();
		}
		Set<TopicPartition> released = Set.copyOf(this.held);
		this.held.clear();
		this.admission = null;
		return released;
	}

	/**
	 * Return the partitions held.
	 * @return the partitions, not admitted yet
	 */
	Set<TopicPartition> held() {
		return this.held;
	}

}
