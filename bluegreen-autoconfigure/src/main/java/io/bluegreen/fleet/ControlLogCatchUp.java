package io.bluegreen.fleet;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.bluegreen.readiness.ReadinessCheck;

import org.jspecify.annotations.Nullable;

/**
 * Holds while this instance's view of the fleet is caught up with the control log: it
 * read every record written before the check asked. A check waits a little for the
 * answer, since the reader answers at once when it can read; a log that cannot be read
 * leaves the instance not ready.
 *
 * @author bluegreen
 */
public class ControlLogCatchUp implements ReadinessCheck {

	private final ControlLog log;

	private final Duration wait;

	private @Nullable CompletableFuture<FleetView> pending;

	/**
	 * Create the check.
	 * @param log the control log
	 * @param wait how long a check waits for the log to be read to its end
	 */
	public ControlLogCatchUp(ControlLog log, Duration wait) {
		this.log = log;
		this.wait = wait;
	}

	@Override
	public synchronized List<String> missing() {
		CompletableFuture<FleetView> pending = this.pending;
		if (pending == null || pending.isCompletedExceptionally()) {
			pending = this.log.caughtUp();
			this.pending = pending;
		}
		try {
			pending.get(this.wait.toMillis(), TimeUnit.MILLISECONDS);
			// Asked again at the next check: caught up once is not caught up for good
			this.pending = null;
			return List.of();
		}
		catch (TimeoutException ex) {
			return List.of("fleet view not caught up with the control log yet");
		}
		catch (ExecutionException ex) {
			return List.of("control log cannot be read: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of("interrupted while reading the control log");
		}
	}

}
