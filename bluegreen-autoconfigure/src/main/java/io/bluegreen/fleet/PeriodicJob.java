package io.bluegreen.fleet;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * A job of the fleet that runs on the {@link FleetExecutor} at a fixed delay while it is
 * running. Starts after the {@link DesiredStateFollower} decided the initial state, and
 * stops before it.
 *
 * @author bluegreen
 */
public abstract class PeriodicJob implements SmartLifecycle {

	private final FleetExecutor executor;

	private final Duration interval;

	private volatile boolean running;

	private volatile FleetExecutor.@Nullable Cancellable next;

	/**
	 * Create a new job.
	 * @param executor the executor of the fleet's work
	 * @param interval the delay between two runs
	 */
	protected PeriodicJob(FleetExecutor executor, Duration interval) {
		this.executor = executor;
		this.interval = interval;
	}

	/**
	 * Run the job once, on the executor.
	 */
	protected abstract void runOnce();

	/**
	 * Return the executor of the fleet's work.
	 * @return the executor
	 */
	protected FleetExecutor executor() {
		return this.executor;
	}

	@Override
	public void start() {
		this.running = true;
		scheduleNext();
	}

	private void scheduleNext() {
		this.next = this.executor.schedule(() -> {
			if (this.running) {
				runOnce();
				scheduleNext();
			}
		}, this.interval);
	}

	@Override
	public void stop() {
		this.running = false;
		FleetExecutor.Cancellable next = this.next;
		if (next != null) {
			next.cancel();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DesiredStateFollower.PHASE + 1;
	}

}
