package io.bluegreen.fleet;

/**
 * How a request to switch the active color of a deployment ended.
 *
 * @author bluegreen
 */
public enum SwitchOutcome {

	/**
	 * The new color is active; the old color is paused with its offsets handed over.
	 */
	COMPLETED(200),

	/**
	 * The requested color already was active; nothing changed.
	 */
	UNCHANGED(200),

	/**
	 * The old color did not confirm its pause in time, or a step failed: the old color
	 * resumed and stays active.
	 */
	ABORTED(503),

	/**
	 * Another switch of the deployment is in progress, or no instance of the requested
	 * color is live; nothing changed.
	 */
	CONFLICT(409),

	/**
	 * A write to the control log timed out, so it is not known how the switch ended: it
	 * may have completed, been aborted or never started. Every instance shows the decided
	 * state once it can read it, and a switch left in progress is aborted at its deadline.
	 */
	UNKNOWN(504);

	private final int httpStatus;

	SwitchOutcome(int httpStatus) {
		this.httpStatus = httpStatus;
	}

	/**
	 * Return the HTTP status a switch request is answered with.
	 * @return the HTTP status code
	 */
	public int httpStatus() {
		return this.httpStatus;
	}

}
