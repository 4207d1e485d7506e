package io.bluegreen.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

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
	 * Convert offsets by partition to a sorted list.
	 * @param offsets the offset by partition
	 * @return the offsets, sorted by topic and partition
	 */
	public static List<PartitionOffset> listOf(Map<TopicPartition, Long> offsets) {
		List<PartitionOffset> list = new ArrayList<>();
		offsets.forEach((partition, offset) -> list.add(new PartitionOffset(partition.topic(), partition.partition(),
				offset)));
		list.sort(Comparator.comparing(PartitionOffset::topic).thenComparingInt(PartitionOffset::partition));
		return list;
	}

	/**
	 * Convert a list of offsets to offsets by partition.
	 * @param offsets the offsets
	 * @return the offset by partition
	 */
	public static Map<TopicPartition, Long> mapOf(List<PartitionOffset> offsets) {
		Map<TopicPartition, Long> map = new HashMap<>();
		offsets.forEach((offset) -> map.put(new TopicPartition(offset.topic(), offset.partition()), offset.offset()));
		return map;
	}

}
