package io.bluegreen.kafka.control;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.bluegreen.fleet.LocalInstance;
import io.bluegreen.fleet.PartitionOffset;
import io.bluegreen.kafka.consumer.HandoverSeeks;
import io.bluegreen.kafka.consumer.PausePositions;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleTransitionEvent;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;

/**
 * This instance as the fleet sees it: its lifecycle service, and its listener containers'
 * groups, paused consumers and handover offsets.
 *
 * @author bluegreen
 */
public class KafkaLocalInstance implements LocalInstance, ApplicationListener<LifecycleTransitionEvent> {

	private final ObjectProvider<LifecycleService> lifecycleService;

	private final ColorGroups colorGroups;

	private final PausePositions pausePositions;

	private final HandoverSeeks handoverSeeks;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Create a new instance.
	 * @param lifecycleService the lifecycle of this instance, resolved lazily: it starts
	 * in the state the fleet decides
	 * @param colorGroups the consumer groups per color
	 * @param pausePositions the paused consumers
	 * @param handoverSeeks where resumed partitions continue
	 */
	public KafkaLocalInstance(ObjectProvider<LifecycleService> lifecycleService, ColorGroups colorGroups,
			PausePositions pausePositions, HandoverSeeks handoverSeeks) {
		this.lifecycleService = lifecycleService;
		this.colorGroups = colorGroups;
		this.pausePositions = pausePositions;
		this.handoverSeeks = handoverSeeks;
		pausePositions.onMembershipChange(this::changed);
	}

	@Override
	public boolean isRunning() {
		return lifecycle().isRunning();
	}

	@Override
	public LifecycleState state() {
		return lifecycle().getState();
	}

	@Override
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	@Override
	public void onApplicationEvent(LifecycleTransitionEvent event) {
		changed();
	}

	private void changed() {
		this.listeners.forEach(Runnable::run);
	}

	@Override
	public CompletableFuture<?> request(LifecycleState target) {
		return lifecycle().request(target);
	}

	@Override
	public void continueAt(Map<String, List<PartitionOffset>> handover) {
		this.handoverSeeks.set(KafkaOffsets.toMaps(handover));
	}

	@Override
	public Map<String, String> groups(String color) {
		return this.colorGroups.of(color);
	}

	@Override
	public String groupId(String configuredGroup, String color) {
		return this.colorGroups.groupId(configuredGroup, color);
	}

	@Override
	public Map<String, List<String>> previousGroupIds() {
		return this.colorGroups.previousGroupIds();
	}

	@Override
	public Set<String> members() {
		return this.pausePositions.memberIds();
	}

	@Override
	public void admitNewPartitionsWith(Supplier<CompletableFuture<?>> admissions) {
		this.pausePositions.admitNewPartitionsWith(admissions);
	}

	@Override
	public List<String> clientIds() {
		return this.colorGroups.clientIds();
	}

	@Override
	public Map<String, List<PartitionOffset>> pausedPositions() {
		return KafkaOffsets.toLists(this.pausePositions.byGroup());
	}

	private LifecycleService lifecycle() {
		return this.lifecycleService.getObject();
	}

}
