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
	COMPLETED,

	/**
	 * The requested color already was active; nothing changed.
	 */
	UNCHANGED,

	/**
	 * The old color did not confirm its pause in time, or a step failed: the old color
	 * resumed and stays active.
	 */
	ABORTED,

	/**
	 * Another switch of the deployment is in progress, or no instance of the requested
	 * color is live; nothing changed.
	 */
	CONFLICT,

	/**
	 * A write to the control topic timed out, so it is not known how the switch ended: it
	 * may have completed, been aborted or never started. Every instance shows the decided
	 * state once it can read it, and a switch left in progress is aborted at its
	 * deadline.
	 */
	UNKNOWN

}
