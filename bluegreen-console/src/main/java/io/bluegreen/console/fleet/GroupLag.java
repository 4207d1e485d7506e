package io.bluegreen.console.fleet;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How far a consumer group is behind on every partition it committed, in records and in
 * time.
 *
 * @param group the consumer group
 * @param partitions the lag of each partition, by topic and partition
 * @param problem why the lag could not be read, or {@code null}
 * @author bluegreen
 */
public record GroupLag(String group, List<PartitionLag> partitions, @Nullable String problem) {

	/**
	 * Return the records the group is behind on all partitions.
	 * @return the sum of the partitions' lag
	 */
	public long totalRecords() {
		return this.partitions.stream().mapToLong(PartitionLag::records).sum();
	}

	/**
	 * The lag of one partition.
	 *
	 * @param topic the topic
	 * @param partition the partition
	 * @param committed the group's committed offset
	 * @param end the end offset of the partition
	 * @param time the time between the record at the committed offset and the last
	 * record, by their timestamps; zero when nothing is behind, {@code null} when the
	 * records could not be read
	 */
	public record PartitionLag(String topic, int partition, long committed, long end, @Nullable Duration time) {

		/**
		 * Return the records the group is behind.
		 * @return the records between the committed offset and the end
		 */
		public long records() {
			return Math.max(0, this.end - this.committed);
		}

	}

}
