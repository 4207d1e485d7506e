package io.bluegreen.web;

import org.junit.jupiter.api.Test;

import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.lifecycle.TransitionResult.Outcome;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status codes the HTTP surfaces answer, as README's table documents them: only a 2xx
 * answer to a pause means that another color may consume.
 */
class HttpOutcomesTests {

	@Test
	void requestsForAState() {
		assertThat(HttpOutcomes.status(Outcome.COMPLETED)).isEqualTo(HttpStatus.OK);
		assertThat(HttpOutcomes.status(Outcome.TIMED_OUT)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(HttpOutcomes.status(Outcome.CANCELLED)).isEqualTo(HttpStatus.CONFLICT);
		assertThat(HttpOutcomes.status(Outcome.REFUSED)).isEqualTo(HttpStatus.CONFLICT);
	}

	@Test
	void switchesOfTheDeployment() {
		assertThat(HttpOutcomes.status(SwitchOutcome.COMPLETED)).isEqualTo(HttpStatus.OK);
		assertThat(HttpOutcomes.status(SwitchOutcome.UNCHANGED)).isEqualTo(HttpStatus.OK);
		assertThat(HttpOutcomes.status(SwitchOutcome.ABORTED)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(HttpOutcomes.status(SwitchOutcome.CONFLICT)).isEqualTo(HttpStatus.CONFLICT);
		assertThat(HttpOutcomes.status(SwitchOutcome.UNKNOWN)).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
	}

}
