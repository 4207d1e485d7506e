package io.bluegreen.fleet.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.FleetDirective;
import io.bluegreen.fleet.LocalInstance;
import io.bluegreen.fleet.PartitionOffset;
import io.bluegreen.lifecycle.LifecycleState;

/**
 * One incarnation of a simulated instance: a lifecycle that drains for a random time
 * before it is paused and commits, and consumers whose position in each partition starts
 * at the group's committed offset, or at a handover offset ahead of it.
 */
final class SimInstance implements LocalInstance {

	static final String GROUP = "orders";

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

	// Whether it consumed since it joined or paused:
	// records may be in flight until it pauses
	private boolean consumed;

	private final VirtualTime time;

	private final Random random;

	private final BooleanSupplier alive;

	private final FleetDirective directive;

	private final SimOffsets offsets;

	private final List<Runnable> listeners = new ArrayList<>();

	private final Map<Integer, Long> positions = new HashMap<>();

	private Map<String, List<PartitionOffset>> handover = Map.of();

	private LifecycleState state = LifecycleState.PAUSED;

	private boolean running;

	private long drain;

	SimInstance(String instanceId, String color, int incarnation, VirtualTime time, Random random,
			BooleanSupplier alive, FleetDirective directive, SimOffsets offsets) {
		this.instanceId = instanceId;
		this.color = color;
		this.memberPrefix = instanceId + "#" + incarnation + ".";
		this.stableMemberId = random.nextBoolean();
		this.time = time;
		this.random = random;
		this.alive = alive;
		this.directive = directive;
		this.offsets = offsets;
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
	 * Return whether records may be in flight: it consumed since it joined, and has not
	 * paused since.
	 */
	boolean mayHaveInFlight() {
		return this.consumed;
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
		this.consumed = false;
		this.positions.clear();
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
			if (this.running && this.joins == join) {
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
	 * Start the lifecycle in the state the fleet decided, as the lifecycle service does.
	 */
	void start(LifecycleState configured) {
		this.state = this.directive.initialState(configured);
		this.running = true;
		changed();
		join(Duration.ofMillis(this.random.nextInt(100)));
	}

	/**
	 * Consume the next record of a partition this instance owns, if it may.
	 * @return the offset processed, or -1
	 */
	long consume(int partition, long produced) {
		if (this.state != LifecycleState.ACTIVE || !mayConsume()) {
			this.positions.remove(partition);
			return -1;
		}
		long position = this.positions.computeIfAbsent(partition, this::startingPosition);
		if (position >= produced) {
			return -1;
		}
		this.positions.put(partition, position + 1);
		this.consumed = true;
		// Every record is committed once processed
		this.offsets.commit(group(), partition, position + 1);
		return position;
	}

	void disown(int partition) {
		this.positions.remove(partition);
	}

	private long startingPosition(int partition) {
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
		return this.running;
	}

	@Override
	public LifecycleState state() {
		return this.state;
	}

	@Override
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	@Override
	public CompletableFuture<?> request(LifecycleState target) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.time.schedule(Duration.ZERO, this.alive, () -> {
			if (this.directive.refusal(target) != null) {
				done.complete(null);
				return;
			}
			if (target == LifecycleState.ACTIVE) {
				this.drain++;
				if (this.state != LifecycleState.ACTIVE) {
					this.positions.clear();
					this.state = LifecycleState.ACTIVE;
					changed();
				}
				done.complete(null);
			}
			else if (this.state == LifecycleState.ACTIVE) {
				this.state = LifecycleState.DRAINING;
				long drain = ++this.drain;
				changed();
				this.time.schedule(Duration.ofMillis(1 + this.random.nextInt(60)), this.alive, () -> {
					if (this.drain == drain && this.state == LifecycleState.DRAINING) {
						this.positions.clear();
						this.consumed = false;
						this.state = LifecycleState.PAUSED;
						changed();
					}
					done.complete(null);
				});
			}
			else {
				done.complete(null);
			}
		});
		return done;
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
		return (this.running && this.memberId != null) ? Set.of(this.memberId) : Set.of();
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
