package io.bluegreen.integration;

import org.springframework.http.HttpStatus;

/**
 * Where the result of an {@link InstanceActivation} becomes an HTTP status code, beside
 * {@link io.bluegreen.web.HttpOutcomes} for the lifecycle and the fleet switch. The
 * switch is exhaustive, so a new result does not compile until it has a status.
 *
 * @author bluegreen
 */
public final class ActivationOutcomes {

	private ActivationOutcomes() {
	}

	/**
	 * Return the status of an activation: 200 when applied, 409 when refused, 503 when it
	 * did not finish.
	 * @param result how the activation ended
	 * @return the HTTP status
	 */
	public static HttpStatus status(InstanceActivation.Result result) {
		return switch (result) {
			case APPLIED -> HttpStatus.OK;
			case REFUSED -> HttpStatus.CONFLICT;
			case INCOMPLETE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}

}
