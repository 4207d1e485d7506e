package io.bluegreen.lifecycle;

/**
 * How a drain, the way from {@link LifecycleState#ACTIVE} to
 * {@link LifecycleState#PAUSED}, went.
 *
 * @author bluegreen
 */
public enum DrainOutcome {

	/**
	 * The drain is still under way and within its timeout.
	 */
	IN_PROGRESS,

	/**
	 * The drain finished: the application is {@link LifecycleState#PAUSED}.
	 */
	COMPLETED,

	/**
	 * The drain took longer than its timeout. The state stays
	 * {@link LifecycleState#DRAINING}, consumers stay paused, and the drain completes on
	 * its own if the pending listeners finish later. Not safe to start another color.
	 */
	TIMED_OUT,

	/**
	 * A request for {@link LifecycleState#ACTIVE} cancelled the drain.
	 */
	CANCELLED

}
