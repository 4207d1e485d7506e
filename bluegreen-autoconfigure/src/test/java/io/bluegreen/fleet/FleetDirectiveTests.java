package io.bluegreen.fleet;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests of its own an instance of a fleet may serve: none that contradicts the
 * state the fleet wants it in. Every combination of wanted and requested state, with the
 * explanation a refused caller reads.
 */
class FleetDirectiveTests {

	private final FleetDirective directive = new FleetDirective();

	@Test
	void beforeTheFleetStateIsKnownAnInstanceStartsPausedAndMayNotResume() {
		assertThat(this.directive.initialState(LifecycleState.ACTIVE)).isEqualTo(LifecycleState.PAUSED);
		assertThat(this.directive.refusal(LifecycleState.ACTIVE))
			.isEqualTo("This instance may not resume on its own: the fleet state is not known yet");
		assertThat(this.directive.refusal(LifecycleState.PAUSED)).isNull();
		assertThat(this.directive.appliedVersion()).isZero();
		assertThat(this.directive.appliedEpoch()).isZero();
	}

	@Test
	void anInstanceOfTheActiveColorMayNotPauseOnItsOwn() {
		this.directive.set(LifecycleState.ACTIVE, "blue is the active color of deployment orders", 3, 2);

		assertThat(this.directive.refusal(LifecycleState.PAUSED))
			.isEqualTo("This instance may not pause on its own: blue is the active color of deployment orders; "
					+ "switch the deployment to another color to pause it");
		assertThat(this.directive.refusal(LifecycleState.ACTIVE)).as("staying active").isNull();
		assertThat(this.directive.initialState(LifecycleState.PAUSED)).isEqualTo(LifecycleState.ACTIVE);
	}

	@Test
	void anInstanceOfThePausedColorMayNotResumeOnItsOwn() {
		this.directive.set(LifecycleState.PAUSED, "green is the active color of deployment orders", 3, 2);

		assertThat(this.directive.refusal(LifecycleState.ACTIVE))
			.isEqualTo("This instance may not resume on its own: green is the active color of deployment orders");
		assertThat(this.directive.refusal(LifecycleState.PAUSED)).as("staying paused").isNull();
		assertThat(this.directive.initialState(LifecycleState.ACTIVE)).isEqualTo(LifecycleState.PAUSED);
	}

	@Test
	void drainingIsNeitherAResumeNorAPauseAndIsNotRefused() {
		this.directive.set(LifecycleState.ACTIVE, "blue is the active color", 1, 1);
		assertThat(this.directive.refusal(LifecycleState.DRAINING)).isNull();
		this.directive.set(LifecycleState.PAUSED, "green is the active color", 2, 1);
		assertThat(this.directive.refusal(LifecycleState.DRAINING)).isNull();
	}

	@Test
	void theLatestAppliedStateDecidesAndEveryChangeIsAnnounced() {
		AtomicInteger changes = new AtomicInteger();
		this.directive.onChange(changes::incrementAndGet);

		this.directive.set(LifecycleState.ACTIVE, "blue is the active color", 1, 1);
		this.directive.set(LifecycleState.PAUSED, "a switch to green is in progress", 2, 2);

		assertThat(changes).hasValue(2);
		assertThat(this.directive.target()).isEqualTo(LifecycleState.PAUSED);
		assertThat(this.directive.appliedVersion()).isEqualTo(2);
		assertThat(this.directive.appliedEpoch()).isEqualTo(2);
		assertThat(this.directive.refusal(LifecycleState.ACTIVE)).endsWith(": a switch to green is in progress");
		assertThat(this.directive.refusal(LifecycleState.PAUSED)).isNull();
	}

}
