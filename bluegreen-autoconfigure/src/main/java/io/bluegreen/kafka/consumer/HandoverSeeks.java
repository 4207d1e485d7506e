package io.bluegreen.kafka.consumer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Offsets at which resumed partitions must continue: the offsets another color's group
 * committed when it handed the partitions over. Each offset is used once, by the consumer
 * that resumes its partition, on that consumer's thread, and only to move forward: the
 * other color's progress is never behind where this color paused.
 *
 * @author bluegreen
 */
public class HandoverSeeks {

	private final Map<String, Map<TopicPartition, Long>> pending = new ConcurrentHashMap<>();

	/**
	 * Replace the pending offsets.
	 * @param offsets the offset by partition by consumer group
	 */
	public void set(Map<String, Map<TopicPartition, Long>> offsets) {
		this.pending.clear();
		offsets.forEach((group, partitions) -> this.pending.put(group, new ConcurrentHashMap<>(partitions)));
	}

	/**
	 * Take the offset at which a resumed partition must continue.
	 * @param group the consumer group
	 * @param partition the resumed partition
	 * @return the offset, or {@code null} to continue where the consumer stands
	 */
	public @Nullable Long take(@Nullable String group, TopicPartition partition) {
		Map<TopicPartition, Long> offsets = (group != null) ? this.pending.get(group) : null;
		return (offsets != null) ? offsets.remove(partition) : null;
	}

}
