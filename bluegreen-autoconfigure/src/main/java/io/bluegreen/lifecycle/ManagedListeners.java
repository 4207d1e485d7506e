package io.bluegreen.lifecycle;

import java.util.List;

/**
 * The listeners whose lifecycle the {@link LifecycleService} manages. Implementations
 * only set flags that the consumer threads act on; they never call a Kafka consumer from
 * the calling thread.
 *
 * @author bluegreen
 */
public interface ManagedListeners {

	/**
	 * Check the configuration against the listeners that exist, before any starts.
	 * @throws IllegalStateException if the configuration names listeners that do not
	 * exist
	 */
	void validate();

	/**
	 * Prepare the listeners that exist, before any starts.
	 */
	default void prepare() {
	}

	/**
	 * Ask every managed listener to pause, including consumers that start later and
	 * partitions assigned later.
	 */
	void requestPause();

	/**
	 * Ask every managed listener to resume.
	 */
	void requestResume();

	/**
	 * Inspect the managed listeners. A listener is {@link LifecycleState#PAUSED} only
	 * when its drain is proven.
	 * @return the state of each managed listener
	 */
	List<ListenerStatus> inspect();

	/**
	 * Call an action whenever a consumer of the managed listeners may have come closer to
	 * a requested pause: it paused, its assignment or positions changed, or it committed.
	 * The action is called on the consumer's thread and must return at once.
	 * @param action the action
	 */
	default void onProgress(Runnable action) {
	}

	/**
	 * Return how many records the consumers of the managed listeners fetched while every
	 * one of their partitions was paused. Any is a fault.
	 * @return the number of records since the application started
	 */
	default long fetchedWhilePaused() {
		return 0;
	}

}
