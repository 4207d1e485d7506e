package io.bluegreen.actuate.endpoint;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.bluegreen.actuate.endpoint.BlueGreenEndpoint.LifecycleDescriptor;
import io.bluegreen.actuate.endpoint.BlueGreenEndpoint.SwitchDescriptor;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.web.HttpOutcomes;
import io.bluegreen.web.Problems;

import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} of the {@link BlueGreenEndpoint}
 * that answers a write over HTTP. A pause answers once the drain is complete (200), timed
 * out (503) or cancelled by a resume (409); a resume the fleet does not allow answers
 * 409. A switch answers once it completed (200), when the color already was active (200),
 * when it was aborted (503), when another switch is in progress (409) or when its outcome
 * is not known (504). Every answer but a 200 is an RFC 9457 problem; a request that names
 * no state or color, or one that does not exist, is a 400 problem naming the allowed
 * values.
 *
 * @author bluegreen
 */
@EndpointWebExtension(endpoint = BlueGreenEndpoint.class)
public class BlueGreenEndpointWebExtension {

	private final BlueGreenEndpoint endpoint;

	/**
	 * Create a new web extension.
	 * @param endpoint the endpoint it answers for
	 */
	public BlueGreenEndpointWebExtension(BlueGreenEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Request a state of this instance, or an active color of the deployment.
	 * @param state {@code ACTIVE} or {@code PAUSED}
	 * @param active the color to make active in the whole deployment, in any case
	 * @return the outcome, or a problem
	 */
	@WriteOperation
	public WebEndpointResponse<Object> transition(@Nullable LifecycleState state, @Nullable String active) {
		try {
			return this.endpoint.request(state, active)
				.apply((target) -> response(this.endpoint.changeState(target)),
						(color) -> response(this.endpoint.switchTo(color)));
		}
		catch (InvalidLifecycleRequestException ex) {
			return response(ex);
		}
	}

	static WebEndpointResponse<Object> response(InvalidLifecycleRequestException ex) {
		return problem(Problems.badRequest(ex.reason(), ex.getAllowed()));
	}

	static WebEndpointResponse<Object> response(TransitionResult result) {
		HttpStatus status = HttpOutcomes.status(result.outcome());
		String problem = result.problem();
		if (problem != null) {
			return problem(Problems.withLifecycle(Problems.of(status, problem), result.status()));
		}
		return new WebEndpointResponse<>(LifecycleDescriptor.of(result.status(), null), status.value());
	}

	static WebEndpointResponse<Object> response(SwitchDescriptor descriptor) {
		HttpStatus status = HttpOutcomes.status(descriptor.outcome());
		if (status.is2xxSuccessful()) {
			return new WebEndpointResponse<>(descriptor, status.value());
		}
		ProblemDetail problem = Problems.of(status,
				"Switch to '" + descriptor.to() + "' " + descriptor.outcome().name().toLowerCase(Locale.ROOT)
						+ ((descriptor.reason() != null) ? ": " + descriptor.reason() : "")
						+ (descriptor.unanswered().isEmpty() ? ""
								: "; did not confirm their pause: " + descriptor.unanswered()));
		problem.setProperty("outcome", descriptor.outcome());
		problem.setProperty("deployment", descriptor.deployment());
		problem.setProperty("from", descriptor.from());
		problem.setProperty("to", descriptor.to());
		problem.setProperty("reason", descriptor.reason());
		problem.setProperty("unanswered", descriptor.unanswered());
		problem.setProperty("pausedAfterMillis", descriptor.pausedAfterMillis());
		problem.setProperty("completedAfterMillis", descriptor.completedAfterMillis());
		problem.setProperty("fleet", descriptor.fleet());
		return problem(problem);
	}

	private static WebEndpointResponse<Object> problem(ProblemDetail problem) {
		return new WebEndpointResponse<>(problem, problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON);
	}

}
