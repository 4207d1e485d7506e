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
	 * Return what kept the request from reaching its state, in words a person can act on.
	 * @return the problem, or {@code null} when the state was reached
	 */
	public @Nullable String problem() {
		return switch (this.outcome) {
			case COMPLETED -> null;
			case REFUSED -> String.valueOf(this.reason);
			case TIMED_OUT -> "The drain did not complete within "
					+ ((this.status.drain() != null) ? "its timeout of " + this.status.drain().timeout()
							: "its timeout")
					+ "; the application is still " + this.status.state()
					+ ", so another color must not consume its partitions yet; the drain completes on its own "
					+ "once the stuck listeners finish, and a request for ACTIVE resumes";
			case CANCELLED ->
				"A later request for ACTIVE cancelled the pause; the application is " + this.status.state();
		};
	}

	/**
	 * How a request for a state ended.
	 */
	public enum Outcome {

		/**
		 * The requested state is reached (or already was).
		 */
		COMPLETED,

		/**
		 * The drain did not complete within the drain timeout; the application is still
		 * {@link LifecycleState#DRAINING}.
		 */
		TIMED_OUT,

		/**
		 * A later request for {@link LifecycleState#ACTIVE} cancelled the requested
		 * pause.
		 */
		CANCELLED,

		/**
		 * The request was refused and changed nothing, for example a resume of an
		 * instance whose color is not the active color of its fleet.
		 */
		REFUSED

	}

}
