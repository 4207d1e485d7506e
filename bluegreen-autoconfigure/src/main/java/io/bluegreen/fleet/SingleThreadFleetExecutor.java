package io.bluegreen.fleet;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * A {@link FleetExecutor} on one daemon thread of its own.
 *
 * @author bluegreen
 */
public class SingleThreadFleetExecutor implements FleetExecutor, DisposableBean {

	private static final Log logger = LogFactory.getLog(SingleThreadFleetExecutor.class);

	private final ScheduledExecutorService executor;

	/**
	 * Create a new executor.
	 * @param threadName the name of its thread
	 */
	public SingleThreadFleetExecutor(String threadName) {
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public void execute(Runnable task) {
		if (!this.executor.isShutdown()) {
			this.executor.execute(guarded(task));
		}
	}

	@Override
	public Cancellable schedule(Runnable task, Duration delay) {
		if (this.executor.isShutdown()) {
			return () -> {
			};
		}
		ScheduledFuture<?> future = this.executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
		return () -> future.cancel(false);
	}

	private static Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				// A failed task must not end the thread that runs every other one
				logger.warn("Fleet task failed", ex);
			}
		};
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
