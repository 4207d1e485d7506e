package io.bluegreen.lifecycle;

/**
 * Answer to a request for a state.
 *
 * @param outcome how the request ended
 * @param status the lifecycle when the request ended
 * @author bluegreen
 */
public record TransitionResult(Outcome outcome, LifecycleStatus status) {

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
		CANCELLED(409);

		private final int httpStatus;

		Outcome(int httpStatus) {
			this.httpStatus = httpStatus;
		}

		/**
		 * Return the HTTP status the lifecycle's HTTP APIs answer with: 200 when the state
		 * is reached, 503 when the drain timed out, 409 when the pause was cancelled. Only
		 * a 2xx answer to a pause means another color may consume.
		 * @return the HTTP status code
		 */
		public int httpStatus() {
			return this.httpStatus;
		}

	}

}
