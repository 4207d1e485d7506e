package io.bluegreen.integration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status codes an activation answers, as README's table documents them: only an
 * applied activation is a 2xx.
 */
class ActivationOutcomesTests {

	@Test
	void activations() {
		assertThat(ActivationOutcomes.status(InstanceActivation.Result.APPLIED)).isEqualTo(HttpStatus.OK);
		assertThat(ActivationOutcomes.status(InstanceActivation.Result.REFUSED)).isEqualTo(HttpStatus.CONFLICT);
		assertThat(ActivationOutcomes.status(InstanceActivation.Result.INCOMPLETE))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

}
