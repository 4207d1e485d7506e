package io.bluegreen.kafka.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bluegreen.fleet.PartitionOffset;
import org.apache.kafka.common.TopicPartition;

/**
 * Converts the fleet's offsets to and from Kafka's partitions.
 *
 * @author bluegreen
 */
final class KafkaOffsets {

	private KafkaOffsets() {
	}

	static List<PartitionOffset> toList(Map<TopicPartition, Long> offsets) {
		return offsets.entrySet()
			.stream()
			.map((entry) -> new PartitionOffset(entry.getKey().topic(), entry.getKey().partition(), entry.getValue()))
			.sorted(PartitionOffset.BY_PARTITION)
			.toList();
	}

	static Map<TopicPartition, Long> toMap(List<PartitionOffset> offsets) {
		Map<TopicPartition, Long> map = new HashMap<>();
		offsets.forEach((offset) -> map.put(new TopicPartition(offset.topic(), offset.partition()), offset.offset()));
		return map;
	}

	static <K> Map<K, List<PartitionOffset>> toLists(Map<K, Map<TopicPartition, Long>> offsets) {
		Map<K, List<PartitionOffset>> lists = new HashMap<>();
		offsets.forEach((key, partitions) -> lists.put(key, toList(partitions)));
		return lists;
	}

	static <K> Map<K, Map<TopicPartition, Long>> toMaps(Map<K, List<PartitionOffset>> offsets) {
		Map<K, Map<TopicPartition, Long>> maps = new HashMap<>();
		offsets.forEach((key, partitions) -> maps.put(key, toMap(partitions)));
		return maps;
	}

}
