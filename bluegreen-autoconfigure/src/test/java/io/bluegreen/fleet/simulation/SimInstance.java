package io.bluegreen.fleet.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.FleetDirective;
import io.bluegreen.fleet.LocalInstance;
import io.bluegreen.fleet.PartitionOffset;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.ManagedListeners;
import io.bluegreen.lifecycle.TransitionResult;

/**
 * One incarnation of a simulated instance: the real {@link LifecycleService}, on the
 * instance's scheduler of the virtual time, managing a {@link SimListener} whose consumer
 * position in each partition starts at the group's committed offset, or at a handover
 * offset ahead of it; and the consumer's membership of its group.
 */
final class SimInstance implements LocalInstance {

	static final String GROUP = "orders";

	/**
	 * Time a drain may take before the lifecycle reports it timed out: shorter than a
	 * switch's, so that slow records time drains out too.
	 */
	static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

	private final String instanceId;

	private final String color;

	private final String memberPrefix;

	// A consumer of the consumer protocol keeps one member id for its whole life, and
	// knows it before it joins; one of the classic protocol gets a new one at every join
	private final boolean stableMemberId;

	private int joins;

	private @Nullable Supplier<CompletableFuture<?>> admissions;

	// The join whose partitions were admitted
	private int admittedJoin;

	// The member id the consumer knows, reported; null until known
	private @Nullable String memberId;

	// Whether that member is in the group, as the broker sees it
	private boolean joined;

	private final VirtualTime time;

	private final Random random;

	private final BooleanSupplier alive;

	private final SimOffsets offsets;

	private final List<Runnable> listeners = new ArrayList<>();

	private Map<String, List<PartitionOffset>> handover = Map.of();

	private final SimListener listener;

	private final SimScheduler scheduler;

	private final LifecycleService lifecycle;

	private LifecycleState configured = LifecycleState.PAUSED;

	/**
	 * Create an instance.
	 * @param consumers draws the consumer's processing times
	 * @param processed where the consumer's processed records go
	 * @param drainProof what the lifecycle inspects of the listener: the listener itself,
	 * or a planted bug
	 */
	SimInstance(String instanceId, String color, int incarnation, VirtualTime time, Random random,
			BooleanSupplier alive, FleetDirective directive, SimOffsets offsets, Random consumers,
			SimListener.Processed processed, Function<SimListener, ManagedListeners> drainProof) {
		this.instanceId = instanceId;
		this.color = color;
		this.memberPrefix = instanceId + "#" + incarnation + ".";
		this.stableMemberId = random.nextBoolean();
		this.time = time;
		this.random = random;
		this.alive = alive;
		this.offsets = offsets;
		this.listener = new SimListener(this, time, consumers, alive, offsets, processed);
		this.scheduler = new SimScheduler(time, alive);
		this.lifecycle = new LifecycleService(drainProof.apply(this.listener), (event) -> changed(), color,
				() -> directive.initialState(this.configured), directive, DRAIN_TIMEOUT, time, this.scheduler);
	}

	String instanceId() {
		return this.instanceId;
	}

	String color() {
		return this.color;
	}

	/**
	 * Return the member id of the consumer while it is in its group, or {@code null}.
	 */
	@Nullable String joinedMember() {
		return this.joined ? this.memberId : null;
	}

	/**
	 * Return whether the consumer may consume, whatever the lifecycle state: it is in its
	 * group under a member id the fleet admitted.
	 */
	boolean mayConsume() {
		return this.joined && this.admittedJoin == this.joins;
	}

	/**
	 * Return whether the consumer consumes, whatever the lifecycle reports.
	 */
	boolean consumes() {
		return this.listener.consumes();
	}

	SimListener listener() {
		return this.listener;
	}

	/**
	 * Leave the group, as a consumer that missed its poll interval or was fenced does;
	 * the partitions it had start again from the committed offsets.
	 */
	void leaveGroup() {
		// A join under way does not complete either
		this.joins++;
		if (!this.stableMemberId) {
			this.memberId = null;
		}
		this.joined = false;
		this.listener.giveUp();
		changed();
	}

	/**
	 * Join the group after a delay; its partitions wait for an admission asked for once
	 * it joined.
	 */
	void join(Duration delay) {
		int join = ++this.joins;
		String memberId = this.memberPrefix + (this.stableMemberId ? 0 : join);
		if (this.stableMemberId) {
			this.memberId = memberId;
			changed();
		}
		this.time.schedule(delay, this.alive, () -> {
			if (isRunning() && this.joins == join) {
				this.memberId = memberId;
				this.joined = true;
				if (!this.stableMemberId) {
					changed();
				}
				if (this.admissions != null) {
					this.admissions.get().thenRun(() -> {
						if (this.joins == join) {
							this.admittedJoin = join;
						}
					});
				}
			}
		});
	}

	String group() {
		return groupId(GROUP, this.color);
	}

	/**
	 * Start the lifecycle, in the state the fleet decided, and the consumer, which joins
	 * its group.
	 */
	void start(LifecycleState configured) {
		this.configured = configured;
		// The lifecycle's start waits for its scheduler to request the initial pause
		this.scheduler.whileCallerWaits(this.lifecycle::start);
		changed();
		join(Duration.ofMillis(this.random.nextInt(100)));
	}

	/**
	 * Return where the consumer starts in a partition: the group's committed offset, or a
	 * handover offset ahead of it.
	 */
	long startingPosition(int partition) {
		long committed = this.offsets.committed(group(), partition);
		for (PartitionOffset offset : this.handover.getOrDefault(group(), List.of())) {
			if (offset.partition() == partition && offset.offset() > committed) {
				return offset.offset();
			}
		}
		return committed;
	}

	@Override
	public boolean isRunning() {
		return this.lifecycle.isRunning();
	}

	@Override
	public LifecycleState state() {
		return this.lifecycle.getState();
	}

	@Override
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	@Override
	public CompletableFuture<TransitionResult> request(LifecycleState target) {
		return this.lifecycle.request(target);
	}

	private void changed() {
		this.listeners.forEach(Runnable::run);
	}

	@Override
	public void continueAt(Map<String, List<PartitionOffset>> handover) {
		this.handover = Map.copyOf(handover);
	}

	@Override
	public Map<String, String> groups(String color) {
		return Map.of(GROUP, groupId(GROUP, color));
	}

	@Override
	public String groupId(String configuredGroup, String color) {
		return configuredGroup + "-" + color;
	}

	@Override
	public Set<String> members() {
		return (isRunning() && this.memberId != null) ? Set.of(this.memberId) : Set.of();
	}

	@Override
	public void admitNewPartitionsWith(Supplier<CompletableFuture<?>> admissions) {
		this.admissions = admissions;
	}

	@Override
	public List<String> clientIds() {
		return List.of();
	}

	@Override
	public Map<String, List<PartitionOffset>> pausedPositions() {
		return Map.of(group(), this.offsets.committedList(group()));
	}

}
