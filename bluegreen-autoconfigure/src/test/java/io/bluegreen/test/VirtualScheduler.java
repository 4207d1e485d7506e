package io.bluegreen.test;

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
import java.util.function.BooleanSupplier;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A clock and a {@link TaskScheduler} on virtual time for tests: nothing runs until the
 * test moves the time, and then the tasks due run on the test's thread, in time order
 * and, at the same time, in the order they were scheduled, so that a run is a function of
 * what the test did. The deterministic simulation of the fleet runs on one, and so do the
 * lifecycle's tests.
 */
public class VirtualScheduler extends Clock implements TaskScheduler {

	private final PriorityQueue<Task> tasks = new PriorityQueue<>(
			Comparator.comparing((Task task) -> task.at).thenComparingLong((task) -> task.sequence));

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

	@Override
	public Clock getClock() {
		return this;
	}

	/**
	 * Run the tasks due within a time from now, moving the clock to each.
	 * @param duration the time to move
	 */
	public void runFor(Duration duration) {
		runUntil(this.now.plus(duration), () -> {
		});
	}

	/**
	 * Run the tasks due until a time, moving the clock to each.
	 * @param until the time to stop at
	 * @param afterEach run after every task that ran
	 */
	public void runUntil(Instant until, Runnable afterEach) {
		while (!this.tasks.isEmpty() && !this.tasks.peek().at.isAfter(until)) {
			Task task = this.tasks.poll();
			this.now = task.at;
			if (!task.isDone() && task.alive.getAsBoolean()) {
				task.done = true;
				task.runnable.run();
				afterEach.run();
			}
		}
		this.now = until;
	}

	@Override
	public Task schedule(Runnable task, Instant startTime) {
		return schedule(startTime, () -> true, task);
	}

	/**
	 * Schedule a task that runs only if its owner is still alive when it is due, as the
	 * work of a process dies with it.
	 * @param startTime when to run it; a time passed means now, after the tasks due now
	 * @param alive whether its owner is alive
	 * @param task the task
	 * @return the scheduled task
	 */
	public Task schedule(Instant startTime, BooleanSupplier alive, Runnable task) {
		Instant at = startTime.isBefore(this.now) ? this.now : startTime;
		Task scheduled = new Task(at, this.sequence++, alive, task);
		this.tasks.add(scheduled);
		return scheduled;
	}

	/**
	 * Run a task at once, on the caller's thread, as a scheduler's idle thread does while
	 * the caller waits for it.
	 * @param task the task
	 * @return the task, done
	 */
	public Task runNow(Runnable task) {
		Task done = new Task(this.now, this.sequence++, () -> true, task);
		done.done = true;
		task.run();
		return done;
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

	/**
	 * A task on the virtual time.
	 */
	public final class Task implements ScheduledFuture<Object> {

		private final Instant at;

		private final long sequence;

		private final BooleanSupplier alive;

		private final Runnable runnable;

		private boolean cancelled;

		private boolean done;

		private Task(Instant at, long sequence, BooleanSupplier alive, Runnable runnable) {
			this.at = at;
			this.sequence = sequence;
			this.alive = alive;
			this.runnable = runnable;
		}

		/**
		 * Return when the task is due.
		 * @return the time
		 */
		public Instant at() {
			return this.at;
		}

		/**
		 * Cancel the task if it has not run yet.
		 */
		public void cancel() {
			cancel(false);
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
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(VirtualScheduler.this.now, this.at));
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
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
