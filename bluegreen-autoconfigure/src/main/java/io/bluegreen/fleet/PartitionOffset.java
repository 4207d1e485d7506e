package io.bluegreen.fleet;

import java.util.Comparator;

/**
 * The next offset to consume in one partition.
 *
 * @param topic the topic
 * @param partition the partition number
 * @param offset the next offset to consume
 * @author bluegreen
 */
public record PartitionOffset(String topic, int partition, long offset) {

	/**
	 * Orders offsets by topic, then partition.
	 */
	public static final Comparator<PartitionOffset> BY_PARTITION = Comparator.comparing(PartitionOffset::topic)
		.thenComparingInt(PartitionOffset::partition);

}
