package io.bluegreen.integration.shawarma;

import org.junit.jupiter.api.Test;

import io.bluegreen.integration.InstanceActivation;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status codes Shawarma's application state answers, as README's table documents
 * them.
 */
class ActivationStatusTests {

	@Test
	void activations() {
		assertThat(ActivationStatus.of(InstanceActivation.Result.APPLIED)).isEqualTo(HttpStatus.OK);
		assertThat(ActivationStatus.of(InstanceActivation.Result.REFUSED)).isEqualTo(HttpStatus.CONFLICT);
		assertThat(ActivationStatus.of(InstanceActivation.Result.INCOMPLETE)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

}
