package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.bluegreen.lifecycle.LifecycleState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What an instance follows of the decided state when the control topic was lost: a claim
 * written into the lost topic can land late in the one created anew and be the first
 * state a reader reads there, while the instances that hold the state decided in the lost
 * topic still consume. Found by the simulation (seeds 9039166 and 20037798): a green
 * instance followed such a claim while blue consumed.
 */
class DesiredStateFollowerTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final SingleThreadFleetExecutor executor = new SingleThreadFleetExecutor("follower");

	private final MemoryControlLog log = new MemoryControlLog();

	private final FleetDirective directive = new FleetDirective();

	private Set<String> blueMembers = Set.of();

	@AfterEach
	void stop() {
		this.executor.destroy();
	}

	@Test
	void aProvisionalClaimIsNotFollowedWhileAnInstanceOfAnotherColorReportsBeingActive() {
		this.log.append(new ControlRecord.Proposal(DesiredState.initial("late", "green", "green-1", NOW)));
		this.log.append(new ControlRecord.Report(report("blue-1", "blue", LifecycleState.ACTIVE, 1)));

		follower().bootstrap(true).join();

		await().untilAsserted(() -> assertThat(this.directive.refusal(LifecycleState.ACTIVE))
			.contains("not consuming while instance blue-1 of color blue is live and reports being ACTIVE"));
		assertThat(this.directive.target()).isEqualTo(LifecycleState.PAUSED);
		assertThat(this.directive.appliedVersion()).isZero();

		// blue-1 writes the state it holds into the new topic: it replaces the claim
		this.log.append(new ControlRecord.Decision(DesiredState.initial("held", "blue", "blue-1", NOW)));

		await().until(() -> this.directive.appliedVersion() == 1);
		assertThat(this.directive.target()).isEqualTo(LifecycleState.PAUSED);
		assertThat(this.directive.refusal(LifecycleState.ACTIVE)).contains("(active: blue)");
	}

	@Test
	void aProvisionalClaimIsNotFollowedWhileAGroupHasAMemberNoInstanceReported() {
		this.blueMembers = Set.of("cut-off-member");
		this.log.append(new ControlRecord.Proposal(DesiredState.initial("late", "green", "green-1", NOW)));

		follower().bootstrap(true).join();

		await().untilAsserted(() -> assertThat(this.directive.refusal(LifecycleState.ACTIVE)).contains(
				"consumer group orders-blue has member cut-off-member that no instance of the deployment reported"));
		assertThat(this.directive.target()).isEqualTo(LifecycleState.PAUSED);

		// The member leaves: nothing else may hold a state
		this.blueMembers = Set.of();
		this.log.append(new ControlRecord.Report(report("blue-2", "blue", LifecycleState.PAUSED, 0)));

		await().until(() -> this.directive.target() == LifecycleState.ACTIVE);
		assertThat(this.directive.appliedVersion()).isEqualTo(1);
	}

	@Test
	void aConfirmedClaimIsFollowedAtOnce() {
		DesiredState claim = DesiredState.initial("claim", "green", "green-1", NOW);
		this.log.append(new ControlRecord.Proposal(claim));
		this.log.append(new ControlRecord.Decision(claim));
		this.blueMembers = Set.of("cut-off-member");

		follower().bootstrap(true).join();

		assertThat(this.directive.target()).isEqualTo(LifecycleState.ACTIVE);
		assertThat(this.directive.appliedVersion()).isEqualTo(1);
	}

	@Test
	void aDecisionThatReplacesTheAppliedStateOfItsVersionIsFollowed() {
		DesiredState claim = DesiredState.initial("claim", "green", "green-1", NOW);
		this.log.append(new ControlRecord.Decision(claim));
		follower().bootstrap(true).join();
		assertThat(this.directive.target()).isEqualTo(LifecycleState.ACTIVE);

		this.log.append(new ControlRecord.Decision(DesiredState.initial("held", "blue", "blue-1", NOW)));

		await().until(() -> this.directive.target() == LifecycleState.PAUSED);
		assertThat(this.directive.appliedVersion()).isEqualTo(1);
	}

	/**
	 * The state the holders of the lost topic write again replaces, at its version, the
	 * one this instance applied: it makes green active in place of blue without a switch,
	 * so green waits until blue paused.
	 */
	@Test
	void aReplacingStateThatMakesThisColorActiveIsFollowedOnceTheOtherColorPaused() {
		this.log.append(new ControlRecord.Decision(DesiredState.initial("claim", "blue", "blue-1", NOW)));
		this.log.append(new ControlRecord.Report(report("blue-1", "blue", LifecycleState.ACTIVE, 1)));
		follower().bootstrap(true).join();
		assertThat(this.directive.appliedVersion()).isEqualTo(1);

		this.log.append(new ControlRecord.Decision(DesiredState.initial("held", "green", "green-9", NOW)));

		await().untilAsserted(() -> assertThat(this.directive.refusal(LifecycleState.ACTIVE))
			.contains("not consuming while instance blue-1 of color blue is live and reports being ACTIVE"));
		assertThat(this.directive.target()).isEqualTo(LifecycleState.PAUSED);
		assertThat(this.directive.appliedVersion()).as("the version applied before").isEqualTo(1);

		this.log.append(new ControlRecord.Report(report("blue-1", "blue", LifecycleState.PAUSED, 1)));

		await().until(() -> this.directive.target() == LifecycleState.ACTIVE);
	}

	private DesiredStateFollower follower() {
		FleetSettings settings = new FleetSettings("orders", "green-1", "green", List.of("blue", "green"),
				LifecycleState.PAUSED, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ofSeconds(60), Clock.systemUTC());
		LocalInstance instance = mock(LocalInstance.class);
		given(instance.groups("blue")).willReturn(Map.of("orders", "orders-blue"));
		given(instance.groups("green")).willReturn(Map.of("orders", "orders-green"));
		given(instance.members()).willReturn(Set.of("green-1-member"));
		GroupMembership membership = (group) -> CompletableFuture
			.completedFuture(group.equals("orders-blue") ? this.blueMembers : Set.of("green-1-member"));
		AtomicInteger ids = new AtomicInteger();
		Proposer proposer = new Proposer(settings, new Liveness(settings, membership), this.log, this.executor,
				() -> "id-" + ids.incrementAndGet(), Duration.ofSeconds(10));
		return new DesiredStateFollower(settings, this.log, this.directive, instance, proposer, this.executor,
				membership);
	}

	private static InstanceReport report(String id, String color, LifecycleState state, long version) {
		return new InstanceReport(id, color, state, version, version, Map.of("orders", "orders-" + color),
				List.of(id + "-member"), List.of(), Map.of(), Instant.now(), Map.of());
	}

}
