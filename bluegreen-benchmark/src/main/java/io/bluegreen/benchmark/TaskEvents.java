package io.bluegreen.benchmark;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * When the sink tasks of the connect scenario started and when their consumers were
 * assigned partitions, by color ({@link System#nanoTime()}): what splits the time from a
 * switch's request to the new connector's first record into its parts.
 *
 * @author bluegreen
 */
final class TaskEvents {

	private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

	void add(String color, Kind kind) {
		add(color, kind, System.nanoTime());
	}

	void add(String color, Kind kind, long nanos) {
		this.events.add(new Event(color, kind, nanos));
	}

	/**
	 * Return when a task of a color first did something after a moment.
	 * @param color the color
	 * @param kind what it did
	 * @param afterNanos the moment
	 * @return the time, or empty if no task of that color did it since
	 */
	OptionalLong first(String color, Kind kind, long afterNanos) {
		return this.events.stream()
			.filter((event) -> event.color().equals(color) && event.kind() == kind && event.nanos() > afterNanos)
			.mapToLong(Event::nanos)
			.min();
	}

	/**
	 * What a task did.
	 */
	enum Kind {

		/** The worker started the task; its consumer has not joined its group yet. */
		STARTED,

		/** The task's consumer was assigned partitions: it is in its group. */
		ASSIGNED

	}

	/**
	 * One thing a task of a color did.
	 *
	 * @param color the color
	 * @param kind what it did
	 * @param nanos when
	 */
	record Event(String color, Kind kind, long nanos) {

	}

}
