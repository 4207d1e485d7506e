package io.bluegreen.fleet.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.util.Assert;

/**
 * The lifecycle scheduler of one simulated instance: its tasks run in order on the
 * virtual time, and die with the instance. While a caller waits for the scheduler, as the
 * lifecycle's start does for its initial pause, the tasks due run at once, on the
 * caller's thread, as the scheduler's idle thread would run them.
 */
final class SimScheduler implements TaskScheduler {

	private final VirtualTime time;

	private final BooleanSupplier alive;

	private final List<ScheduledFuture<?>> queued = new ArrayList<>();

	private boolean callerWaits;

	SimScheduler(VirtualTime time, BooleanSupplier alive) {
		this.time = time;
		this.alive = alive;
	}

	/**
	 * Run an action that blocks until the tasks it schedules now have run.
	 * @param action the action
	 */
	void whileCallerWaits(Runnable action) {
		this.queued.removeIf(ScheduledFuture::isDone);
		// Tasks queued before would run first: none are, as it waits at the lifecycle's
		// start
		Assert.state(this.queued.isEmpty(), "Tasks are queued before the caller's");
		this.callerWaits = true;
		try {
			action.run();
		}
		finally {
			this.callerWaits = false;
		}
	}

	@Override
	public Clock getClock() {
		return this.time;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		if (this.callerWaits && !startTime.isAfter(this.time.instant())) {
			return this.time.runNow(task);
		}
		ScheduledFuture<?> scheduled = this.time.schedule(startTime, this.alive, task);
		if (this.queued.size() > 16) {
			this.queued.removeIf(ScheduledFuture::isDone);
		}
		this.queued.add(scheduled);
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

}
