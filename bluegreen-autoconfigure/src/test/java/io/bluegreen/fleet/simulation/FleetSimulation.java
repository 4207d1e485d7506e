package io.bluegreen.fleet.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.Admission;
import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.DesiredStateFollower;
import io.bluegreen.fleet.FleetDirective;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetSettings;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.InstanceReporter;
import io.bluegreen.fleet.Liveness;
import io.bluegreen.fleet.OffsetWarmer;
import io.bluegreen.fleet.Proposer;
import io.bluegreen.fleet.SwitchCoordinator;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.fleet.SwitchWatchdog;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.ManagedListeners;

import org.springframework.context.ApplicationEventPublisher;

/**
 * A deterministic simulation of a fleet: the protocol's own classes and each instance's
 * real lifecycle service run against an in-memory control log, in-memory consumer groups
 * and simulated listeners of two colors on one virtual clock, while a seeded schedule
 * delays and loses writes, delivers them late or twice, compacts the log, crashes and
 * restarts instances, makes their consumers leave and rejoin their groups (under the
 * member id they had, or a new one), slows their listeners down, cuts them off the log,
 * loses the control topic while instances run (deleted and created anew, empty), and asks
 * random instances for switches and hand pauses. The invariants are checked by checker
 * classes: after every step, {@link OneColorConsumes}; on every view an instance acts on,
 * {@link ViewsHoldTheDecidedState}; at the end, once the faults stopped and the fleet had
 * time to settle, {@link SwitchesEnd}, {@link InstancesFollowTheDecision},
 * {@link RecordsExactlyOnce} and {@link ActiveColorCatchesUp}.
 */
final class FleetSimulation {

	static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(3);

	static final Duration HEARTBEAT = Duration.ofMillis(200);

	static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(1);

	static final Duration PROPOSAL_TIMEOUT = Duration.ofSeconds(1);

	static final Duration SESSION_TIMEOUT = Duration.ofMillis(1500);

	static final Duration FAULT_PHASE = Duration.ofSeconds(6);

	static final Duration SETTLE = Duration.ofSeconds(6);

	/**
	 * Time after the settle phase for the active color to work off the backlog of the
	 * faults: a single consumer processes about twice the rate produced.
	 */
	static final Duration CATCH_UP = Duration.ofSeconds(20);

	/**
	 * How long after its deadline, or after the faults stopped, a switch must have ended:
	 * a watchdog's heartbeat, a proposal's timeout, and the log's delays.
	 */
	static final Duration ENDING_BOUND = HEARTBEAT.plus(PROPOSAL_TIMEOUT).plus(Duration.ofSeconds(3));

	private static final int PARTITIONS = 3;

	private static final List<String> COLORS = List.of("blue", "green");

	private final long seed;

	private final Random random;

	private final VirtualTime time = new VirtualTime();

	private final SimLog log = new SimLog("orders");

	private final SimOffsets offsets;

	private final Supplier<ControlLogFold> folds;

	private final SimReader.Faults faults;

	private final Map<String, Node> nodes = new LinkedHashMap<>();

	private final List<SimOffsets.Crash> crashes = new ArrayList<>();

	private final List<Request> requests = new ArrayList<>();

	private final long[] produced = new long[PARTITIONS];

	private final RecordsExactlyOnce records = new RecordsExactlyOnce();

	private final SwitchesEnd switches;

	private final Instant start;

	private long ids;

	private final @Nullable Garbage garbage;

	// Draws the losses of the control topic apart from the schedule's other faults, so
	// that a seed without them runs the schedule it always ran
	private final @Nullable Random losses;

	private final boolean rewrites;

	// Draws the consumers' processing times and slowdowns apart from the schedule's other
	// faults
	private final Random consumers;

	private final Function<SimListener, ManagedListeners> drainProof;

	FleetSimulation(long seed, Supplier<ControlLogFold> folds) {
		this(seed, folds, false, false);
	}

	/**
	 * Create a simulation.
	 * @param seed the seed of the schedule
	 * @param folds the folds of the instances' readers
	 * @param garbage whether a mistaken tool also writes invalid and inconsistent records
	 * under the deployment's keys
	 * @param losses whether the control topic is also lost while instances run
	 */
	FleetSimulation(long seed, Supplier<ControlLogFold> folds, boolean garbage, boolean losses) {
		this(seed, folds, garbage, losses, true);
	}

	/**
	 * Create a simulation whose readers may leave a new control topic empty, a planted
	 * bug.
	 */
	FleetSimulation(long seed, Supplier<ControlLogFold> folds, boolean garbage, boolean losses, boolean rewrites) {
		this(seed, folds, garbage, losses, rewrites, (listener) -> listener);
	}

	/**
	 * Create a simulation whose lifecycles may take a drain for proven when it is not, a
	 * planted bug.
	 * @param drainProof what a lifecycle inspects of its listener
	 */
	FleetSimulation(long seed, Supplier<ControlLogFold> folds, boolean garbage, boolean losses, boolean rewrites,
			Function<SimListener, ManagedListeners> drainProof) {
		this.rewrites = rewrites;
		this.drainProof = drainProof;
		this.consumers = new Random(seed * 17 + 3);
		this.seed = seed;
		this.garbage = garbage ? new Garbage(this.log, new Random(~seed)) : null;
		this.losses = losses ? new Random(seed * 31 + 7) : null;
		this.random = new Random(seed);
		this.folds = folds;
		this.faults = new SimReader.Faults(1 + this.random.nextInt(30), this.random.nextDouble() * 0.05,
				this.random.nextDouble() * 0.05, this.random.nextDouble() * 0.05, this.random.nextDouble() * 0.1);
		this.offsets = new SimOffsets(this::members, this.random, this.random.nextDouble() * 0.2, this.time,
				new Random(seed * 17 + 3));
		this.start = this.time.instant();
		this.switches = new SwitchesEnd(this.log, this::fail);
	}

	/**
	 * Run the schedule of the seed.
	 * @throws AssertionError naming the seed and the broken invariant
	 */
	void run() {
		for (String color : COLORS) {
			int instances = 1 + this.random.nextInt(3);
			for (int i = 1; i <= instances; i++) {
				String id = color + "-" + i;
				LifecycleState initial = this.random.nextBoolean() ? LifecycleState.ACTIVE : LifecycleState.PAUSED;
				startNode(id, color, 0, initial, Duration.ofMillis(this.random.nextInt(300)));
			}
		}
		scheduleConsumption();
		scheduleFaults();
		Instant faultsEnd = this.start.plus(FAULT_PHASE);
		long[] producedWhenFaultsStopped = new long[PARTITIONS];
		this.time.schedule(FAULT_PHASE, () -> true,
				() -> System.arraycopy(this.produced, 0, producedWhenFaultsStopped, 0, PARTITIONS));
		this.time.runUntil(faultsEnd.plus(SETTLE), () -> check(OneColorConsumes.check(this.nodes.values())));
		this.switches.check(this.requests, faultsEnd, ENDING_BOUND);
		check(InstancesFollowTheDecision.check(this.log, this.nodes.values()));
		check(this.records.check());
		// A backlog built up during the faults takes the active color a while to work off
		// (a slowed down record holds a consumer for seconds): it gets until a bound
		Instant caughtUpBy = faultsEnd.plus(SETTLE).plus(CATCH_UP);
		String behind = ActiveColorCatchesUp.check(this.log, producedWhenFaultsStopped, this.records);
		while (behind != null && this.time.instant().isBefore(caughtUpBy)) {
			this.time.runUntil(this.time.instant().plus(HEARTBEAT),
					() -> check(OneColorConsumes.check(this.nodes.values())));
			behind = ActiveColorCatchesUp.check(this.log, producedWhenFaultsStopped, this.records);
		}
		check(behind);
		Garbage garbage = this.garbage;
		if (garbage != null) {
			long refused = this.log.refusals().counts().values().stream().mapToLong(Long::longValue).sum();
			if (refused != garbage.written()) {
				fail(garbage.written() + " garbage records were written but " + refused + " refused: "
						+ this.log.refusals().counts() + ", last " + this.log.refusals().last());
			}
		}
	}

	private void startNode(String id, String color, int incarnation, LifecycleState initial, Duration delay) {
		this.time.schedule(delay, () -> true, () -> {
			Node node = new Node(id, color, incarnation, initial);
			this.nodes.put(id, node);
			node.awaitReadable(this.time.instant().plus(Duration.ofSeconds(1)));
		});
	}

	private Set<String> members(String group) {
		Set<String> members = new LinkedHashSet<>();
		Instant now = this.time.instant();
		for (Node node : this.nodes.values()) {
			String member = node.instance.joinedMember();
			if (node.alive && node.instance.isRunning() && member != null && node.instance.group().equals(group)) {
				members.add(member);
			}
		}
		for (SimOffsets.Crash crash : this.crashes) {
			if (("orders-" + crash.color()).equals(group) && crash.at().plus(SESSION_TIMEOUT).isAfter(now)) {
				members.add(crash.memberId());
			}
		}
		return members;
	}

	/**
	 * Every 50 ms, produce and let each consumer poll: each partition is assigned to one
	 * member of each color's group, once no other consumer of that group still has a
	 * record of it in flight.
	 */
	private void scheduleConsumption() {
		this.time.schedule(Duration.ofMillis(50), () -> true, () -> {
			for (int partition = 0; partition < PARTITIONS; partition++) {
				this.produced[partition] += this.random.nextInt(3);
			}
			for (String color : COLORS) {
				List<Node> running = this.nodes.values()
					.stream()
					.filter((node) -> node.alive && node.instance.isRunning() && node.color.equals(color))
					.sorted(Comparator.comparing((Node node) -> node.id))
					.toList();
				List<Node> members = running.stream().filter((node) -> node.instance.joinedMember() != null).toList();
				Map<Node, Set<Integer>> assigned = new LinkedHashMap<>();
				running.forEach((node) -> assigned.put(node, new TreeSet<>()));
				for (int partition = 0; partition < PARTITIONS && !members.isEmpty(); partition++) {
					Node owner = members.get(partition % members.size());
					boolean held = false;
					for (Node node : running) {
						if (node != owner) {
							node.instance.listener().disown(partition);
							held |= node.instance.listener().holds(partition);
						}
					}
					if (!held) {
						assigned.get(owner).add(partition);
					}
				}
				assigned.forEach((node, partitions) -> node.instance.listener().poll(partitions, this.produced));
			}
			scheduleConsumption();
		});
	}

	private void scheduleFaults() {
		long faultMillis = FAULT_PHASE.toMillis();
		int switches = 2 + this.random.nextInt(6);
		for (int i = 0; i < switches; i++) {
			at(this.random.nextLong(faultMillis), this::requestSwitch);
		}
		int handRequests = this.random.nextInt(3);
		for (int i = 0; i < handRequests; i++) {
			at(this.random.nextLong(faultMillis), this::requestByHand);
		}
		int crashes = this.random.nextInt(4);
		for (int i = 0; i < crashes; i++) {
			at(this.random.nextLong(faultMillis - 1000), this::crashAndRestart);
		}
		int rejoins = this.random.nextInt(4);
		for (int i = 0; i < rejoins; i++) {
			at(this.random.nextLong(faultMillis - 1000), this::leaveAndRejoin);
		}
		int cuts = this.random.nextInt(3);
		for (int i = 0; i < cuts; i++) {
			at(this.random.nextLong(faultMillis - 1000), this::cutOff);
		}
		int slowdowns = this.consumers.nextInt(4);
		for (int i = 0; i < slowdowns; i++) {
			at(this.consumers.nextLong(faultMillis - 1000), this::slowDown);
		}
		Garbage garbage = this.garbage;
		if (garbage != null) {
			int writes = 1 + garbage.random().nextInt(8);
			for (int i = 0; i < writes; i++) {
				at(garbage.random().nextLong(faultMillis), garbage::write);
			}
		}
		Random losses = this.losses;
		if (losses != null) {
			int count = 1 + losses.nextInt(2);
			for (int i = 0; i < count; i++) {
				// Once the fleet runs: the first instances start within a second
				at(1000 + losses.nextLong(faultMillis - 1000), () -> loseTheLog(this.start.plus(FAULT_PHASE)));
			}
		}
		int compactions = this.random.nextInt(6);
		for (int i = 0; i < compactions; i++) {
			at(this.random.nextLong(faultMillis + 2000), () -> this.log.compact(this.random));
		}
	}

	private void at(long millis, Runnable task) {
		this.time.schedule(Duration.ofMillis(millis), () -> true, task);
	}

	private Node anyNode() {
		List<Node> alive = this.nodes.values().stream().filter((node) -> node.alive).toList();
		return alive.isEmpty() ? null : alive.get(this.random.nextInt(alive.size()));
	}

	private void requestSwitch() {
		Node node = anyNode();
		if (node != null && node.started) {
			String to = COLORS.get(this.random.nextInt(COLORS.size()));
			this.requests.add(new Request(node, to, this.time.instant(), node.service.startSwitch(to)));
		}
	}

	private void requestByHand() {
		Node node = anyNode();
		if (node != null && node.started) {
			node.instance.request(this.random.nextBoolean() ? LifecycleState.ACTIVE : LifecycleState.PAUSED);
		}
	}

	private void crashAndRestart() {
		Node node = anyNode();
		if (node == null || lastHolderOfALostState(node)) {
			return;
		}
		node.alive = false;
		String member = node.instance.joinedMember();
		if (member != null) {
			this.crashes.add(new SimOffsets.Crash(member, node.color, this.time.instant()));
		}
		LifecycleState initial = this.random.nextBoolean() ? LifecycleState.ACTIVE : LifecycleState.PAUSED;
		startNode(node.id, node.color, node.incarnation + 1, initial, Duration.ofMillis(this.random.nextInt(800)));
	}

	private void leaveAndRejoin() {
		Node node = anyNode();
		if (node == null || !node.instance.isRunning()) {
			return;
		}
		node.instance.leaveGroup();
		Duration away = Duration.ofMillis(this.random.nextInt(800));
		this.time.schedule(away, () -> node.alive,
				() -> node.instance.join(Duration.ofMillis(this.random.nextInt(100))));
	}

	/**
	 * Slow a listener down: its next record takes up to 3½ s, longer than a drain may
	 * take, and sometimes than a switch.
	 */
	private void slowDown() {
		List<Node> alive = this.nodes.values().stream().filter((node) -> node.alive).toList();
		if (!alive.isEmpty()) {
			Node node = alive.get(this.consumers.nextInt(alive.size()));
			node.instance.listener().slowDown(Duration.ofMillis(500 + this.consumers.nextInt(3000)));
		}
	}

	private void cutOff() {
		Node node = anyNode();
		if (node == null || lastHolderOfALostState(node)) {
			return;
		}
		node.reader.connect(false);
		this.time.schedule(Duration.ofMillis(100 + this.random.nextInt(900)), () -> node.alive,
				() -> node.reader.connect(true));
	}

	/**
	 * Lose the control topic while the fleet runs: once a running instance that can write
	 * to the log holds the decided state, which it then writes into the new topic. A
	 * topic lost while no such instance knows the state takes the state with it, which no
	 * protocol can keep: the others decide its version anew.
	 */
	private void loseTheLog(Instant until) {
		DesiredState truth = this.log.truth();
		boolean held = this.nodes.values().stream().anyMatch((node) -> holds(node, truth));
		if (held) {
			this.log.lose();
		}
		else if (this.time.instant().isBefore(until)) {
			this.time.schedule(Duration.ofMillis(100), () -> true, () -> loseTheLog(until));
		}
	}

	/**
	 * Whether an instance is the last running one, connected to the log, that holds a
	 * decided state the control topic lost and does not hold again yet. Crashing it or
	 * cutting it off would take the state with it, which no protocol can keep, as a topic
	 * lost while no running instance knows the state would.
	 */
	private boolean lastHolderOfALostState(Node node) {
		DesiredState truth = this.log.truth();
		if (truth == null || this.log.truthWritten() || !truth.equals(node.reader.held())) {
			return false;
		}
		return this.nodes.values().stream().noneMatch((other) -> other != node && holds(other, truth));
	}

	private static boolean holds(Node node, @Nullable DesiredState truth) {
		return node.alive && node.reader.isConnected() && truth != null && truth.equals(node.reader.held());
	}

	private void checkView(SimReader reader, FleetView view) {
		check(ViewsHoldTheDecidedState.check(this.log, view));
	}

	private void check(@Nullable String violation) {
		if (violation != null) {
			fail(violation + ": " + describeNodes());
		}
	}

	private String describeNodes() {
		StringBuilder description = new StringBuilder();
		this.nodes.values()
			.forEach((node) -> description.append(String.format("%n  %s%s %s applied v%d, read %s%s", node.id,
					node.alive ? "" : " (dead)", node.instance.state(), node.directive.appliedVersion(),
					describe(node.reader.view().desired()), node.reader.isConnected() ? "" : " cut off")));
		DesiredState truth = this.log.truth();
		description.append(String.format("%n  decided: %s", (truth != null) ? "v" + truth.version() + " active "
				+ truth.active() + ((truth.switchInProgress() != null) ? " switching" : "") : "nothing"));
		if (this.log.losses() > 0) {
			description.append(String.format("%n  control topic lost %d times", this.log.losses()));
		}
		return description.toString();
	}

	private static String describe(@Nullable DesiredState state) {
		return (state != null) ? state.proposalId() + " v" + state.version() + " active " + state.active() : "nothing";
	}

	private void fail(String message) {
		throw new AssertionError(
				"seed " + this.seed + " at +" + Duration.between(this.start, this.time.instant()).toMillis() + " ms: "
						+ message + System.lineSeparator() + "rerun with -Dbluegreen.simulation.seed=" + this.seed);
	}

	private String newId() {
		return "id-" + (this.ids++);
	}

	/**
	 * One incarnation of an instance: the protocol's jobs wired as the auto-configuration
	 * wires them, on the simulation's executor, log and clock.
	 */
	final class Node {

		private final String id;

		private final String color;

		private final int incarnation;

		private final LifecycleState initialState;

		private final SimReader reader;

		private final FleetDirective directive = new FleetDirective();

		private final SimInstance instance;

		private final DesiredStateFollower follower;

		private final InstanceReporter reporter;

		private final SwitchWatchdog watchdog;

		private final OffsetWarmer warmer;

		private final FleetService service;

		private boolean alive = true;

		private boolean bootstrapping;

		private boolean started;

		String id() {
			return this.id;
		}

		String color() {
			return this.color;
		}

		boolean alive() {
			return this.alive;
		}

		SimInstance instance() {
			return this.instance;
		}

		FleetDirective directive() {
			return this.directive;
		}

		private Node(String id, String color, int incarnation, LifecycleState initialState) {
			this.id = id;
			this.color = color;
			this.incarnation = incarnation;
			this.initialState = initialState;
			FleetSimulation simulation = FleetSimulation.this;
			VirtualTime time = simulation.time;
			FleetSettings settings = new FleetSettings("orders", id, color, COLORS, initialState, SWITCH_TIMEOUT,
					HEARTBEAT, INSTANCE_TIMEOUT, Duration.ofMillis(700), Duration.ofSeconds(1), time);
			SimExecutor executor = new SimExecutor(time, () -> this.alive);
			this.reader = new SimReader(simulation.log, time, simulation.random, simulation.faults, () -> this.alive,
					simulation.folds.get(), "orders", simulation::checkView, simulation.rewrites);
			this.instance = new SimInstance(id, color, incarnation, time, simulation.random, () -> this.alive,
					this.directive, simulation.offsets, simulation.consumers, simulation.records::processed,
					simulation.drainProof);
			Liveness liveness = new Liveness(settings, simulation.offsets);
			Proposer proposer = new Proposer(settings, liveness, this.reader, executor, simulation::newId,
					PROPOSAL_TIMEOUT);
			this.follower = new DesiredStateFollower(settings, this.reader, this.directive, this.instance, proposer,
					executor, simulation.offsets);
			this.reporter = new InstanceReporter(settings, this.reader, this.directive, this.instance, executor);
			new Admission(this.reader, this.directive, this.instance, executor);
			this.watchdog = new SwitchWatchdog(settings, this.reader, proposer, executor);
			this.warmer = new OffsetWarmer(settings, this.reader, this.directive, this.instance, simulation.offsets,
					liveness, executor);
			this.reporter.confirmPausesAfter(this.warmer);
			SwitchCoordinator coordinator = new SwitchCoordinator(settings, this.reader, proposer, simulation.offsets,
					simulation.offsets, this.instance, executor);
			ApplicationEventPublisher events = (event) -> {
			};
			this.service = new FleetService(settings, this.reader, liveness, coordinator, executor, events);
		}

		/**
		 * Start as the application context does: the follower once the log is readable or
		 * the startup timeout passed, then the jobs, then the lifecycle.
		 */
		private void awaitReadable(Instant giveUpAt) {
			if (!this.alive || this.bootstrapping) {
				return;
			}
			boolean readable = this.reader.view().readable();
			if (!readable && FleetSimulation.this.time.instant().isBefore(giveUpAt)) {
				FleetSimulation.this.time.schedule(Duration.ofMillis(10), () -> this.alive,
						() -> awaitReadable(giveUpAt));
				return;
			}
			this.bootstrapping = true;
			this.follower.bootstrap(readable).thenRun(() -> {
				this.reporter.start();
				this.watchdog.start();
				this.warmer.start();
				this.instance.start(this.initialState);
				this.started = true;
			});
		}

	}

	record Request(Node node, String to, Instant at, CompletableFuture<SwitchResult> result) {

	}

}
