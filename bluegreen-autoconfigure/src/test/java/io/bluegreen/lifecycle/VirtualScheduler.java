package io.bluegreen.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A {@link TaskScheduler} on a virtual clock for tests: nothing runs until the test moves
 * the time, and then the tasks due run on the test's thread, in time order and, at the
 * same time, in the order they were scheduled.
 */
final class VirtualScheduler implements TaskScheduler {

	private final PriorityQueue<Task> tasks = new PriorityQueue<>(
			Comparator.comparing((Task task) -> task.at).thenComparingLong((task) -> task.sequence));

	private final VirtualClock clock = new VirtualClock();

	private long sequence;

	@Override
	public Clock getClock() {
		return this.clock;
	}

	/**
	 * Run the tasks due within a time from now, moving the clock to each.
	 * @param duration the time to move
	 */
	void runFor(Duration duration) {
		Instant until = this.clock.now.plus(duration);
		while (!this.tasks.isEmpty() && !this.tasks.peek().at.isAfter(until)) {
			Task task = this.tasks.poll();
			this.clock.now = task.at;
			if (!task.cancelled) {
				task.done = true;
				task.runnable.run();
			}
		}
		this.clock.now = until;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		Instant at = startTime.isBefore(this.clock.now) ? this.clock.now : startTime;
		Task scheduled = new Task(at, this.sequence++, task);
		this.tasks.add(scheduled);
		return scheduled;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		throw new UnsupportedOperationException();
	}

	private static final class VirtualClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

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

	}

	private final class Task implements ScheduledFuture<Object> {

		private final Instant at;

		private final long sequence;

		private final Runnable runnable;

		private boolean cancelled;

		private boolean done;

		private Task(Instant at, long sequence, Runnable runnable) {
			this.at = at;
			this.sequence = sequence;
			this.runnable = runnable;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(VirtualScheduler.this.clock.now, this.at));
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			if (this.done) {
				return false;
			}
			this.cancelled = true;
			return true;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			return this.done || this.cancelled;
		}

		@Override
		public Object get() {
			throw new UnsupportedOperationException("Run the scheduler instead");
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException("Run the scheduler instead");
		}

	}

}
