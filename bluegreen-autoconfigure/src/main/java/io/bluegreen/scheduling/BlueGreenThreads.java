package io.bluegreen.scheduling;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * The schedulers and executors bluegreen runs its own work on. Their threads are daemons
 * named after their work, and run with the context class loader of the application that
 * made them, not that of the thread that happened to hand them their first task: Kafka's
 * clients load the classes their configuration names (metrics reporters, serializers)
 * through the context class loader, and in an executable jar a caller on the common
 * fork-join pool has the system class loader, which cannot see them.
 *
 * @author bluegreen
 */
public final class BlueGreenThreads {

	private BlueGreenThreads() {
	}

	/**
	 * Return a scheduler with one thread, not yet initialized, that removes cancelled
	 * tasks at once.
	 * @param namePrefix the prefix of its thread's name
	 * @return the scheduler
	 */
	public static ThreadPoolTaskScheduler scheduler(String namePrefix) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadFactory(new ApplicationThreadFactory(namePrefix));
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

	/**
	 * Return an executor that runs each task on a thread of its own, for work that blocks
	 * for long, as a consumer's polls do.
	 * @param namePrefix the prefix of its threads' names
	 * @return the executor
	 */
	public static SimpleAsyncTaskExecutor executor(String namePrefix) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(namePrefix);
		executor.setThreadFactory(new ApplicationThreadFactory(namePrefix));
		return executor;
	}

	/**
	 * Return an executor with a few threads, for short calls that wait, as calls to a
	 * broker do. Its threads end when idle; it is initialized.
	 * @param namePrefix the prefix of its threads' names
	 * @param threads the number of threads at most
	 * @return the executor
	 */
	public static ThreadPoolTaskExecutor pool(String namePrefix, int threads) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setThreadFactory(new ApplicationThreadFactory(namePrefix));
		executor.initialize();
		return executor;
	}

	/**
	 * Makes daemon threads whose context class loader is the one of the thread that made
	 * the factory: the application's, while its context starts.
	 */
	static final class ApplicationThreadFactory extends CustomizableThreadFactory {

		private final @Nullable ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

		ApplicationThreadFactory(String namePrefix) {
			super(namePrefix);
			setDaemon(true);
		}

		@Override
		public Thread createThread(Runnable runnable) {
			Thread thread = super.createThread(runnable);
			thread.setContextClassLoader(this.classLoader);
			return thread;
		}

	}

}
