package io.bluegreen.test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Every record a test application's listeners processed, with partition and offset.
 */
public class RecordLog {

	private final ConcurrentLinkedQueue<Processed> processed = new ConcurrentLinkedQueue<>();

	public void add(ConsumerRecord<?, ?> record) {
		this.processed.add(new Processed(new TopicPartition(record.topic(), record.partition()), record.offset(),
				Thread.currentThread().getName(), System.nanoTime()));
	}

	public int count() {
		return this.processed.size();
	}

	public List<Processed> all() {
		return new ArrayList<>(this.processed);
	}

	/**
	 * Offsets processed per partition, in processing order.
	 */
	public Map<TopicPartition, List<Long>> offsetsByPartition() {
		Map<TopicPartition, List<Long>> offsets = new TreeMap<>(
				(a, b) -> a.toString().compareTo(b.toString()));
		for (Processed p : this.processed) {
			offsets.computeIfAbsent(p.partition(), (key) -> new ArrayList<>()).add(p.offset());
		}
		return offsets;
	}

	/**
	 * The next offset after the highest processed one, per partition.
	 */
	public Map<TopicPartition, Long> nextOffsets() {
		Map<TopicPartition, Long> next = new HashMap<>();
		for (Processed p : this.processed) {
			next.merge(p.partition(), p.offset() + 1, Math::max);
		}
		return next;
	}

	public Map<TopicPartition, Long> countsByPartition() {
		return this.processed.stream().collect(Collectors.groupingBy(Processed::partition, Collectors.counting()));
	}

	public record Processed(TopicPartition partition, long offset, String thread, long nanos) {

	}

}
