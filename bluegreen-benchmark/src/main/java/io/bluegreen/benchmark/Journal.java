package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.bluegreen.lifecycle.LifecycleState;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every record processed during a scenario, by which color and instance, and when
 * ({@link System#nanoTime()}); and every lifecycle transition of the instances, which
 * tells where the time of a switch goes.
 *
 * @author bluegreen
 */
public class Journal {

	private final ConcurrentLinkedQueue<Processed> processed = new ConcurrentLinkedQueue<>();

	private final Map<String, Long> lastNanos = new ConcurrentHashMap<>();

	private final AtomicLong size = new AtomicLong();

	private final ConcurrentLinkedQueue<Transition> transitions = new ConcurrentLinkedQueue<>();

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
		long nanos = System.nanoTime();
		this.processed.add(new Processed(partition, offset, color, instance, nanos));
		this.lastNanos.merge(color, nanos, Math::max);
		this.size.incrementAndGet();
	}

	/**
	 * Record that an instance's lifecycle changed state.
	 * @param color the color of the instance
	 * @param instance the instance
	 * @param from the state it left
	 * @param to the state it entered
	 */
	public void transition(String color, String instance, LifecycleState from, LifecycleState to) {
		this.transitions.add(new Transition(color, instance, from, to, System.nanoTime()));
	}

	/**
	 * Return every lifecycle transition, in the order they were journaled.
	 * @return the transitions
	 */
	public List<Transition> transitions() {
		return new ArrayList<>(this.transitions);
	}

	/**
	 * Return when a color last processed a record, without going through every record:
	 * what a runner polls while it waits for a color.
	 * @param color the color
	 * @return the time ({@link System#nanoTime()}), or {@link Long#MIN_VALUE} if the
	 * color processed nothing yet
	 */
	public long lastProcessedNanos(String color) {
		return this.lastNanos.getOrDefault(color, Long.MIN_VALUE);
	}

	/**
	 * Return how many processings were journaled, without going through them: what a
	 * runner polls while it waits for a backlog to be consumed.
	 * @return the number of processings
	 */
	public long size() {
		return this.size.get();
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

	/**
	 * A lifecycle transition of an instance.
	 *
	 * @param color the color of the instance
	 * @param instance the instance
	 * @param from the state it left
	 * @param to the state it entered
	 * @param nanos when
	 */
	public record Transition(String color, String instance, LifecycleState from, LifecycleState to, long nanos) {

	}

}
