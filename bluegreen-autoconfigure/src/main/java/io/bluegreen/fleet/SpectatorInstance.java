package io.bluegreen.fleet;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * A participant of the fleet protocol with no listener and no consumer, such as a console
 * or a command line: it coordinates switches and never consumes. The groups of a switch
 * are the ones the instances report; a group no instance of a color reported is named by
 * the deployment's group id pattern.
 *
 * @author bluegreen
 */
public class SpectatorInstance implements LocalInstance {

	private final String groupIdPattern;

	/**
	 * Create a spectator.
	 * @param groupIdPattern the consumer group of a color, with the placeholders
	 * {@code {group}} and {@code {color}}
	 */
	public SpectatorInstance(String groupIdPattern) {
		this.groupIdPattern = groupIdPattern;
	}

	@Override
	public boolean isRunning() {
		return false;
	}

	@Override
	public LifecycleState state() {
		return LifecycleState.PAUSED;
	}

	@Override
	public void onChange(Runnable listener) {
		// Nothing of a spectator ever changes for the fleet
	}

	@Override
	public CompletableFuture<?> request(LifecycleState target) {
		return CompletableFuture.failedFuture(new UnsupportedOperationException("A spectator consumes nothing"));
	}

	@Override
	public void continueAt(Map<String, List<PartitionOffset>> handover) {
		// Nothing resumes
	}

	@Override
	public Map<String, String> groups(String color) {
		return Map.of();
	}

	@Override
	public String groupId(String configuredGroup, String color) {
		return this.groupIdPattern.replace("{group}", configuredGroup).replace("{color}", color);
	}

	@Override
	public Set<String> members() {
		return Set.of();
	}

	@Override
	public void admitNewPartitionsWith(Supplier<CompletableFuture<?>> admissions) {
		// No partition is ever assigned
	}

	@Override
	public List<String> clientIds() {
		return List.of();
	}

	@Override
	public Map<String, List<PartitionOffset>> pausedPositions() {
		return Map.of();
	}

}
