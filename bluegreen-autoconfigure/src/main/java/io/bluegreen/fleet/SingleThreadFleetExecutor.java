package io.bluegreen.fleet;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.bluegreen.scheduling.BlueGreenThreads;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A {@link FleetExecutor} on one daemon thread of its own, from Spring's
 * {@link ThreadPoolTaskScheduler}.
 *
 * @author bluegreen
 */
public class SingleThreadFleetExecutor implements FleetExecutor, DisposableBean {

	private static final Log logger = LogFactory.getLog(SingleThreadFleetExecutor.class);

	private final ThreadPoolTaskScheduler scheduler;

	/**
	 * Create a new executor.
	 * @param threadName the name of its thread
	 */
	public SingleThreadFleetExecutor(String threadName) {
		this.scheduler = BlueGreenThreads.scheduler(threadName + "-");
		// A failed task must not end the thread that runs every other one
		this.scheduler.setErrorHandler((ex) -> logger.warn("Fleet task failed", ex));
		this.scheduler.initialize();
	}

	@Override
	public void execute(Runnable task) {
		try {
			this.scheduler.execute(task);
		}
		catch (TaskRejectedException ex) {
			// Shut down: the fleet's work ends with the application
		}
	}

	@Override
	public Cancellable schedule(Runnable task, Duration delay) {
		try {
			ScheduledFuture<?> future = this.scheduler.schedule(task, this.scheduler.getClock().instant().plus(delay));
			return () -> future.cancel(false);
		}
		catch (TaskRejectedException ex) {
			return () -> {
			};
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdown();
	}

}
