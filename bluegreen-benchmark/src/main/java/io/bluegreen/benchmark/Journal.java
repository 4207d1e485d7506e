package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every record processed during a scenario, by which color and instance, and when
 * ({@link System#nanoTime()}).
 *
 * @author bluegreen
 */
public class Journal {

	private final ConcurrentLinkedQueue<Processed> processed = new ConcurrentLinkedQueue<>();

	/**
	 * Record that an instance processed a record.
	 * @param record the record
	 * @param color the color of the instance
	 * @param instance the instance
	 */
	public void add(ConsumerRecord<?, ?> record, String color, String instance) {
		add(record.partition(), record.offset(), color, instance);
	}

	/**
	 * Record that an instance processed the record at a partition and offset.
	 * @param partition the partition
	 * @param offset the offset
	 * @param color the color of the instance
	 * @param instance the instance
	 */
	public void add(int partition, long offset, String color, String instance) {
		this.processed.add(new Processed(partition, offset, color, instance, System.nanoTime()));
	}

	/**
	 * Return every processed record, in the order they were journaled.
	 * @return the records
	 */
	public List<Processed> all() {
		return new ArrayList<>(this.processed);
	}

	/**
	 * Return how many records a color processed.
	 * @param color the color
	 * @return the count
	 */
	public long count(String color) {
		return this.processed.stream().filter((record) -> record.color().equals(color)).count();
	}

	/**
	 * One processing of a record.
	 *
	 * @param partition the partition
	 * @param offset the offset
	 * @param color the color of the instance that processed it
	 * @param instance the instance
	 * @param nanos when
	 */
	public record Processed(int partition, long offset, String color, String instance, long nanos) {

	}

}
