package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * A job of the fleet that runs on the {@link FleetExecutor} at a fixed delay while it is
 * running. Starts after the {@link DesiredStateFollower} decided the initial state, and
 * stops before it. A run that throws is logged, counted (the fleet's health shows it) and
 * followed by the next run as usual.
 *
 * @author bluegreen
 */
public abstract class PeriodicJob implements SmartLifecycle {

	private final FleetExecutor executor;

	private final Duration interval;

	private final Clock clock;

	private static final Log logger = LogFactory.getLog(PeriodicJob.class);

	private final AtomicLong failures = new AtomicLong();

	private volatile @Nullable Failure lastFailure;

	private volatile boolean running;

	private volatile FleetExecutor.@Nullable Cancellable next;

	/**
	 * Create a new job.
	 * @param executor the executor of the fleet's work
	 * @param interval the delay between two runs
	 * @param clock the clock that tells when a run failed
	 */
	protected PeriodicJob(FleetExecutor executor, Duration interval, Clock clock) {
		this.executor = executor;
		this.interval = interval;
		this.clock = clock;
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
				try {
					runOnce();
					this.lastFailure = null;
				}
				catch (RuntimeException ex) {
					failed(ex);
				}
				finally {
					// A job that throws once still runs next time: the watchdog that
					// aborts an overdue switch must never stop
					scheduleNext();
				}
			}
		}, this.interval);
	}

	private void failed(RuntimeException ex) {
		long failures = this.failures.incrementAndGet();
		Failure failure = new Failure(ex.toString(), this.clock.instant(), failures);
		if (this.lastFailure == null || !failure.error().equals(this.lastFailure.error())) {
			logger.error(getClass().getSimpleName() + " failed; running it again in " + this.interval, ex);
		}
		else {
			logger.debug(getClass().getSimpleName() + " failed again", ex);
		}
		this.lastFailure = failure;
	}

	/**
	 * Return how many runs of this job failed so far.
	 * @return the number of failed runs
	 */
	public long failures() {
		return this.failures.get();
	}

	/**
	 * Return the failure of the last run, if it failed.
	 * @return the failure, or {@code null} if the last run did not fail
	 */
	public @Nullable Failure lastFailure() {
		return this.lastFailure;
	}

	/**
	 * The failure of a run of a job.
	 *
	 * @param error the exception it threw
	 * @param at when it failed
	 * @param failures how many runs failed so far
	 */
	public record Failure(String error, Instant at, long failures) {

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
