package io.bluegreen.fleet.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The simulation's clock and its single queue of events: time only moves when the next
 * event runs, and events at the same time run in the order they were scheduled, so a run
 * is a function of its seed.
 */
final class VirtualTime extends Clock {

	private final PriorityQueue<Event> events = new PriorityQueue<>();

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");

	private long sequence;

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	Event schedule(Duration delay, BooleanSupplier alive, Runnable task) {
		Event event = new Event(this.now.plus(delay), this.sequence++, alive, task);
		this.events.add(event);
		return event;
	}

	/**
	 * Run events until the given time.
	 * @param until the time to stop at
	 * @param afterEach run after every event
	 */
	void runUntil(Instant until, Runnable afterEach) {
		while (!this.events.isEmpty() && !this.events.peek().at.isAfter(until)) {
			Event event = this.events.poll();
			this.now = event.at;
			if (!event.cancelled && event.alive.getAsBoolean()) {
				event.task.run();
				afterEach.run();
			}
		}
		this.now = until;
	}

	static final class Event implements Comparable<Event> {

		private final Instant at;

		private final long sequence;

		private final BooleanSupplier alive;

		private final Runnable task;

		private boolean cancelled;

		private Event(Instant at, long sequence, BooleanSupplier alive, Runnable task) {
			this.at = at;
			this.sequence = sequence;
			this.alive = alive;
			this.task = task;
		}

		void cancel() {
			this.cancelled = true;
		}

		@Override
		public int compareTo(Event other) {
			int byTime = this.at.compareTo(other.at);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

}
