package io.bluegreen.fleet;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * This instance's lifecycle and consumers, as the fleet drives and reports them.
 *
 * @author bluegreen
 */
public interface LocalInstance {

	/**
	 * Return whether the lifecycle runs, so that its state is the one it is in.
	 * @return whether it runs
	 */
	boolean isRunning();

	/**
	 * Return the lifecycle state.
	 * @return the state
	 */
	LifecycleState state();

	/**
	 * Register a listener called after every change of the lifecycle state or of the
	 * consumers' group member ids.
	 * @param listener the listener
	 */
	void onChange(Runnable listener);

	/**
	 * Request a lifecycle state.
	 * @param target {@code ACTIVE} or {@code PAUSED}
	 * @return completes when the request ended
	 */
	CompletableFuture<?> request(LifecycleState target);

	/**
	 * Set where resumed partitions continue: the offsets another color handed over.
	 * @param handover the offsets by consumer group
	 */
	void continueAt(Map<String, List<PartitionOffset>> handover);

	/**
	 * Return the consumer group of each managed listener in a color.
	 * @param color the color
	 * @return the group of that color by the group the listener is configured with
	 */
	Map<String, String> groups(String color);

	/**
	 * Return the consumer group of a color for a configured group, also one that no
	 * listener of this instance has.
	 * @param configuredGroup the group a listener is configured with
	 * @param color the color
	 * @return the group of that color
	 */
	String groupId(String configuredGroup, String color);

	/**
	 * Return the group ids the managed listeners were configured with in earlier
	 * releases, newest first.
	 * @return the previous group ids by the group the listener is configured with now;
	 * listeners without any are left out
	 */
	default Map<String, List<String>> previousGroupIds() {
		return Map.of();
	}

	/**
	 * Return the group member ids of the consumers, with or without partitions.
	 * @return the member ids
	 */
	Set<String> members();

	/**
	 * From now on, hold the partitions a consumer is newly assigned paused until an
	 * admission asked for after the assignment completes, whatever the lifecycle state.
	 * @param admissions asks for an admission
	 */
	void admitNewPartitionsWith(Supplier<CompletableFuture<?>> admissions);

	/**
	 * Return the client ids of the consumers.
	 * @return the client ids
	 */
	List<String> clientIds();

	/**
	 * Return the positions of the paused partitions, by consumer group: once paused,
	 * these are the committed offsets.
	 * @return the positions by group
	 */
	Map<String, List<PartitionOffset>> pausedPositions();

}
