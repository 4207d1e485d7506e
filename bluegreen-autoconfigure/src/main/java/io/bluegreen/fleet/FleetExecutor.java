package io.bluegreen.fleet;

import java.time.Duration;

/**
 * Runs the fleet's work of one instance, one task at a time, so that its jobs never race
 * each other: following the desired state, reporting, coordinating a switch.
 *
 * @author bluegreen
 */
public interface FleetExecutor {

	/**
	 * Run a task as soon as possible.
	 * @param task the task
	 */
	void execute(Runnable task);

	/**
	 * Run a task after a delay.
	 * @param task the task
	 * @param delay the delay
	 * @return a handle to cancel it
	 */
	Cancellable schedule(Runnable task, Duration delay);

	/**
	 * A task that can still be cancelled.
	 */
	@FunctionalInterface
	interface Cancellable {

		/**
		 * Cancel the task if it has not run yet.
		 */
		void cancel();

	}

}
