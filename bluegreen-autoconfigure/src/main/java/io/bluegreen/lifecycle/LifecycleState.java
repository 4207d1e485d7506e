package io.bluegreen.lifecycle;

/**
 * State of the managed listener containers of an application, taken together.
 *
 * @author bluegreen
 */
public enum LifecycleState {

	/**
	 * Listeners consume records. No pause is requested.
	 */
	ACTIVE,

	/**
	 * A pause is requested but not yet proven: some consumer has not paused, a record
	 * handed to a listener is still being processed, or the offset of a processed record
	 * is not yet committed. It is not safe to let another color consume the same
	 * partitions.
	 */
	DRAINING,

	/**
	 * Every managed consumer has paused, every record handed to a listener has finished
	 * and its offset is committed to Kafka. Another color can take over the partitions.
	 */
	PAUSED;

	/**
	 * Return whether a caller may ask for this state; {@link #DRAINING} is only ever
	 * reached on the way to {@link #PAUSED}.
	 * @return whether the state can be requested
	 */
	public boolean isRequestable() {
		return this != DRAINING;
	}

}
