package io.bluegreen.fleet.simulation;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.bluegreen.fleet.FleetExecutor;

/**
 * The fleet executor of one simulated instance: its tasks run in order on the virtual
 * time, and die with the instance.
 */
final class SimExecutor implements FleetExecutor {

	private final VirtualTime time;

	private final BooleanSupplier alive;

	SimExecutor(VirtualTime time, BooleanSupplier alive) {
		this.time = time;
		this.alive = alive;
	}

	@Override
	public void execute(Runnable task) {
		this.time.schedule(Duration.ZERO, this.alive, task);
	}

	@Override
	public Cancellable schedule(Runnable task, Duration delay) {
		return this.time.schedule(delay, this.alive, task)::cancel;
	}

}
