package io.bluegreen.lifecycle;

import org.jspecify.annotations.Nullable;

/**
 * Answer to a request for a state.
 *
 * @param outcome how the request ended
 * @param status the lifecycle when the request ended
 * @param reason why the request was refused, or {@code null}
 * @author bluegreen
 */
public record TransitionResult(Outcome outcome, LifecycleStatus status, @Nullable String reason) {

	/**
	 * Create a result without a reason.
	 * @param outcome how the request ended
	 * @param status the lifecycle when it ended
	 */
	public TransitionResult(Outcome outcome, LifecycleStatus status) {
		this(outcome, status, null);
	}

	/**
	 * How a request for a state ended.
	 */
	public enum Outcome {

		/**
		 * The requested state is reached (or already was).
		 */
		COMPLETED(200),

		/**
		 * The drain did not complete within the drain timeout; the application is still
		 * {@link LifecycleState#DRAINING}.
		 */
		TIMED_OUT(503),

		/**
		 * A later request for {@link LifecycleState#ACTIVE} cancelled the requested
		 * pause.
		 */
		CANCELLED(409),

		/**
		 * The request was refused and changed nothing, for example a resume of an
		 * instance whose color is not the active color of its fleet.
		 */
		REFUSED(409);

		private final int httpStatus;

		Outcome(int httpStatus) {
			this.httpStatus = httpStatus;
		}

		/**
		 * Return the HTTP status the lifecycle's HTTP APIs answer with: 200 when the state
		 * is reached, 503 when the drain timed out, 409 when the pause was cancelled or the
		 * request refused. Only
		 * a 2xx answer to a pause means another color may consume.
		 * @return the HTTP status code
		 */
		public int httpStatus() {
			return this.httpStatus;
		}

	}

}
