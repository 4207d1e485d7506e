package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a switch in progress waits for, as the fleet status reads it, and which groups a
 * switch pairs for the handover, without a broker.
 */
class SwitchCoordinatorTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final AtomicInteger memberReads = new AtomicInteger();

	/**
	 * Regression test of the status that asked the broker for the groups' members on
	 * every call, on the threads of HTTP requests and metrics scrapes.
	 */
	@Test
	void statusOfASwitchInProgressNeverAsksTheBrokerForTheGroupsMembers() {
		SwitchInProgress inProgress = new SwitchInProgress("switch-1", "blue", "green", 2, "blue-2", NOW,
				NOW.plusSeconds(30), null, null);
		DesiredState desired = DesiredState.initial("p-1", "blue", "blue-2", NOW).start("p-2", inProgress, NOW);
		FleetView view = new FleetView("orders", true, 10, desired, Map.of(), Map.of("blue-1",
				report("blue-1", LifecycleState.PAUSED, 2), "blue-3", report("blue-3", LifecycleState.ACTIVE, 1)),
				List.of());
		SwitchCoordinator coordinator = coordinator(view);

		List<String> waitingFor = coordinator.waitingFor(view, view.reports().values());

		assertThat(waitingFor).singleElement().asString().contains("instance blue-3");
		assertThat(this.memberReads).as("reads of the groups' members").hasValue(0);

		FleetView allConfirmed = new FleetView("orders", true, 11, desired, Map.of(),
				Map.of("blue-1", report("blue-1", LifecycleState.PAUSED, 2)), List.of());
		coordinator.waitingFor(allConfirmed, allConfirmed.reports().values());
		assertThat(this.memberReads).as("reads of the groups' members").hasValue(0);
	}

	/**
	 * Regression test of the status of an instance that does not coordinate the switch,
	 * the console's among them, that stopped naming an instance of the old color once its
	 * report was older than the instance timeout: a draining instance writes no report
	 * until it confirms, so the status said the old color had drained while the switch
	 * still waited for that instance's consumers.
	 */
	@Test
	void statusOfASwitchInProgressNamesASilentInstanceWhileItsConsumersAreMembers() {
		Instant silentSince = NOW.minusSeconds(20);
		SwitchInProgress inProgress = new SwitchInProgress("switch-1", "blue", "green", 2, "blue-2", silentSince,
				NOW.plusSeconds(10), null, null);
		DesiredState desired = DesiredState.initial("p-1", "blue", "blue-2", silentSince)
			.start("p-2", inProgress, silentSince);
		FleetView view = view(desired, report("blue-1", LifecycleState.DRAINING, 1, silentSince),
				report("blue-2", LifecycleState.PAUSED, 2, silentSince),
				report("blue-3", LifecycleState.DRAINING, 1, silentSince));
		// blue-3's consumers left their group: the switch no longer waits for it
		FleetService service = service(view, Set.of("blue-1-member", "blue-2-member"));

		assertThat(service.status().waitingFor()).singleElement()
			.asString()
			.contains("instance blue-1", "DRAINING", "silent since " + silentSince);
		SwitchResult refused = service.startSwitch("green").join();
		assertThat(refused.outcome()).isEqualTo(SwitchOutcome.CONFLICT);
		assertThat(refused.reason()).contains("waiting for instance blue-1").doesNotContain("blue-3");
	}

	@Test
	void aRenamedGroupIsPairedThroughItsPreviousIdsAndRefusedWhenTheOldColorHasNone() {
		InstanceReport blue = new InstanceReport("blue-1", "blue", LifecycleState.ACTIVE, 1, 1,
				Map.of("orders", "orders-blue"), List.of("m-1"), List.of(), Map.of(), NOW);
		InstanceReport renamed = new InstanceReport("green-1", "green", LifecycleState.PAUSED, 1, 1,
				Map.of("orders-v2", "orders-v2-green"), List.of("m-2"), List.of(), Map.of(), NOW,
				Map.of("orders-v2", List.of("orders")));
		InstanceReport renamedFromElsewhere = new InstanceReport("green-1", "green", LifecycleState.PAUSED, 1, 1,
				Map.of("orders-v2", "orders-v2-green"), List.of("m-2"), List.of(), Map.of(), NOW,
				Map.of("orders-v2", List.of("invoices")));
		InstanceReport added = new InstanceReport("green-1", "green", LifecycleState.PAUSED, 1, 1,
				Map.of("orders", "orders-green", "audit", "audit-green"), List.of("m-2"), List.of(), Map.of(), NOW);
		DesiredState desired = DesiredState.initial("p-1", "blue", "blue-1", NOW);

		assertThat(coordinator(view(desired, blue, renamed)).unpaired(view(desired, blue, renamed), "blue", "green"))
			.isEmpty();
		assertThat(coordinator(view(desired, blue, renamed)).unpaired(view(desired, blue, renamed), "green", "blue"))
			.as("a rollback")
			.isEmpty();
		FleetView unpaired = view(desired, blue, renamedFromElsewhere);
		assertThat(coordinator(unpaired).unpaired(unpaired, "blue", "green")).singleElement()
			.asString()
			.contains("orders-v2-green", "[invoices]", "color 'blue'", "bluegreen.fleet.previous-group-ids.orders-v2");
		FleetView newListener = view(desired, blue, added);
		assertThat(coordinator(newListener).unpaired(newListener, "blue", "green")).as("a listener added in a release")
			.isEmpty();
	}

	private static FleetView view(DesiredState desired, InstanceReport... reports) {
		Map<String, InstanceReport> byId = new HashMap<>();
		for (InstanceReport report : reports) {
			byId.put(report.instanceId(), report);
		}
		return new FleetView("orders", true, 10, desired, Map.of(), byId, List.of());
	}

	private static InstanceReport report(String instanceId, LifecycleState state, long epoch) {
		return report(instanceId, state, epoch, NOW);
	}

	private static InstanceReport report(String instanceId, LifecycleState state, long epoch, Instant reportedAt) {
		return new InstanceReport(instanceId, "blue", state, epoch, 2, Map.of("orders", "orders-blue"),
				List.of(instanceId + "-member"), List.of(), Map.of(), reportedAt);
	}

	private SwitchCoordinator coordinator(FleetView view) {
		GroupMembership membership = (group) -> {
			SwitchCoordinatorTests.this.memberReads.incrementAndGet();
			return CompletableFuture.completedFuture(Set.of("unknown-member"));
		};
		return new SwitchCoordinator(settings(), new FixedLog(view), proposer(view), new NoColorOffsets(), membership,
				new SpectatorInstance("{group}-{color}"), executor());
	}

	/**
	 * Return the fleet service of an instance that does not coordinate the switch.
	 */
	private FleetService service(FleetView view, Set<String> memberIds) {
		GroupMembership membership = (group) -> CompletableFuture.completedFuture(memberIds);
		ControlLog log = new FixedLog(view);
		SwitchCoordinator coordinator = new SwitchCoordinator(settings(), log, proposer(view), new NoColorOffsets(),
				membership, new SpectatorInstance("{group}-{color}"), executor());
		return new FleetService(settings(), log, new Liveness(settings(), membership), coordinator, executor(),
				(event) -> {
				});
	}

	private static FleetSettings settings() {
		return new FleetSettings("orders", "green-1", "green", List.of("blue", "green"), LifecycleState.PAUSED,
				Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
				Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static Proposer proposer(FleetView view) {
		return new Proposer(settings(),
				new Liveness(settings(), (group) -> CompletableFuture.completedFuture(Set.of())), new FixedLog(view),
				executor(), () -> "id", Duration.ofSeconds(1));
	}

	private static FleetExecutor executor() {
		return new FleetExecutor() {

			@Override
			public void execute(Runnable task) {
				task.run();
			}

			@Override
			public Cancellable schedule(Runnable task, Duration delay) {
				return () -> {
				};
			}

		};
	}

	private record FixedLog(FleetView view) implements ControlLog {

		@Override
		public boolean awaitReadable(Duration timeout) {
			return true;
		}

		@Override
		public void onChange(Consumer<FleetView> listener) {
		}

		@Override
		public CompletableFuture<FleetView> caughtUp() {
			return CompletableFuture.completedFuture(this.view);
		}

		@Override
		public CompletableFuture<Long> append(ControlRecord record) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ControlRecordRefusals refusals() {
			return new ControlRecordRefusals();
		}

	}

}
