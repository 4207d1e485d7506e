package io.bluegreen.fleet.simulation;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.bluegreen.test.VirtualScheduler;

/**
 * The simulation's clock and its single queue of events, the protocol's as well as the
 * lifecycles' and the consumers': time only moves when the next event runs, and events at
 * the same time run in the order they were scheduled, so a run is a function of its seed.
 */
final class VirtualTime extends VirtualScheduler {

	/**
	 * Schedule an event that runs only if its instance is still alive when it is due.
	 * @param delay the time from now
	 * @param alive whether its instance is alive
	 * @param task the event
	 * @return the scheduled event
	 */
	Task schedule(Duration delay, BooleanSupplier alive, Runnable task) {
		return schedule(instant().plus(delay), alive, task);
	}

}
