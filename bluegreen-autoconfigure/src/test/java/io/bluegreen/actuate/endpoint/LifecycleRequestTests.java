package io.bluegreen.actuate.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.bluegreen.lifecycle.LifecycleState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a write to the {@code bluegreen} endpoint asks for, and the requests it refuses
 * with a reason that names the allowed values before anything changes.
 */
class LifecycleRequestTests {

	private static final List<String> COLORS = List.of("blue", "green");

	private static final List<String> STATES = List.of("ACTIVE", "PAUSED");

	@ParameterizedTest
	@EnumSource(names = { "ACTIVE", "PAUSED" })
	void aRequestableState(LifecycleState state) {
		assertThat(LifecycleRequest.of(state, null, null)).isEqualTo(new LifecycleRequest.ForState(state));
		assertThat(LifecycleRequest.of(state, null, COLORS)).isEqualTo(new LifecycleRequest.ForState(state));
	}

	@Test
	void aColorWithFleetCoordination() {
		assertThat(LifecycleRequest.of(null, "GREEN", COLORS)).isEqualTo(new LifecycleRequest.ForColor("GREEN"));
	}

	@Test
	void aStateThatCannotBeRequested() {
		assertRefused(LifecycleState.DRAINING, null, COLORS, "Invalid state 'DRAINING'; allowed values: ACTIVE, PAUSED",
				STATES);
	}

	@Test
	void noStateNamesTheColorsWithFleetCoordination() {
		assertRefused(null, null, null, "Missing 'state'; allowed values: ACTIVE, PAUSED", STATES);
		assertRefused(null, null, COLORS, "Missing 'state'; allowed values: ACTIVE, PAUSED; or 'active' to switch "
				+ "the deployment, one of [blue, green]", STATES);
	}

	@Test
	void bothAStateAndAColor() {
		assertRefused(LifecycleState.PAUSED, "green", COLORS, "Give either 'state' or 'active', not both",
				List.of("state", "active"));
	}

	@Test
	void aColorWithoutFleetCoordination() {
		assertRefused(null, "green", null, "'active' switches a whole deployment and needs fleet coordination "
				+ "(bluegreen.fleet.enabled=true); without it, switch this instance with 'state'", STATES);
	}

	private static void assertRefused(@Nullable LifecycleState state, @Nullable String active,
			@Nullable List<String> colors, String reason, List<String> allowed) {
		assertThatExceptionOfType(InvalidLifecycleRequestException.class)
			.isThrownBy(() -> LifecycleRequest.of(state, active, colors))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(reason);
				assertThat(ex.getAllowed()).isEqualTo(allowed);
			});
	}

}
