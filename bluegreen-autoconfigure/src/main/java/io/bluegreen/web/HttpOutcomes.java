package io.bluegreen.web;

import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.lifecycle.TransitionResult;

import org.springframework.http.HttpStatus;

/**
 * The one place where the outcomes of the lifecycle and the fleet switch become HTTP
 * status codes, for every HTTP surface (the actuator endpoint's web extension, and the
 * lifecycle API, Shawarma and Flagger of {@code bluegreen-integrations}). Only a 2xx
 * answer to a pause means that another color may consume. The switches are exhaustive, so
 * a new outcome does not compile until it has a status.
 *
 * @author bluegreen
 */
public final class HttpOutcomes {

	private HttpOutcomes() {
	}

	/**
	 * Return the status of a request for a state: 200 when the state is reached, 503 when
	 * the drain timed out, 409 when the pause was cancelled or the request refused.
	 * @param outcome how the request ended
	 * @return the HTTP status
	 */
	public static HttpStatus status(TransitionResult.Outcome outcome) {
		return switch (outcome) {
			case COMPLETED -> HttpStatus.OK;
			case TIMED_OUT -> HttpStatus.SERVICE_UNAVAILABLE;
			case CANCELLED, REFUSED -> HttpStatus.CONFLICT;
		};
	}

	/**
	 * Return the status of a switch of the deployment: 200 when it completed or the color
	 * already was active, 503 when it aborted, 409 when it could not start, 504 when its
	 * outcome is not known.
	 * @param outcome how the switch ended
	 * @return the HTTP status
	 */
	public static HttpStatus status(SwitchOutcome outcome) {
		return switch (outcome) {
			case COMPLETED, UNCHANGED -> HttpStatus.OK;
			case ABORTED -> HttpStatus.SERVICE_UNAVAILABLE;
			case CONFLICT -> HttpStatus.CONFLICT;
			case UNKNOWN -> HttpStatus.GATEWAY_TIMEOUT;
		};
	}

}
