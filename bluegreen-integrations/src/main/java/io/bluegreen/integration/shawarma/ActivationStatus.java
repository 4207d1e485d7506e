package io.bluegreen.integration.shawarma;

import io.bluegreen.integration.InstanceActivation;

import org.springframework.http.HttpStatus;

/**
 * The status code of an activation, beside the core's {@code HttpOutcomes} for the
 * lifecycle and the fleet switch. The switch is exhaustive, so a new result does not
 * compile until it has a status.
 *
 * @author bluegreen
 */
public final class ActivationStatus {

	private ActivationStatus() {
	}

	/**
	 * Return the status of an activation: 200 when applied, 409 when refused, 503 when it
	 * did not finish.
	 * @param result how the activation ended
	 * @return the HTTP status
	 */
	public static HttpStatus of(InstanceActivation.Result result) {
		return switch (result) {
			case APPLIED -> HttpStatus.OK;
			case REFUSED -> HttpStatus.CONFLICT;
			case INCOMPLETE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}

}
