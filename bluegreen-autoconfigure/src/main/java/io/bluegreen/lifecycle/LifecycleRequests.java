package io.bluegreen.lifecycle;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking requests to a {@link LifecycleService}, for the HTTP APIs that expose it: a
 * request answers once the state is reached, the drain timed out, or a later request
 * cancelled it.
 *
 * @author bluegreen
 */
public final class LifecycleRequests {

	private static final Duration MARGIN = Duration.ofSeconds(5);

	private LifecycleRequests() {
	}

	/**
	 * Request a state and wait for the answer.
	 * @param service the lifecycle service
	 * @param target the requested state
	 * @return the result
	 * @throws IllegalStateException if the lifecycle service does not answer
	 */
	public static TransitionResult await(LifecycleService service, LifecycleState target) {
		try {
			return service.request(target)
				.get(service.getDrainTimeout().plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + target, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Lifecycle service did not answer the request for " + target, ex);
		}
	}

}
