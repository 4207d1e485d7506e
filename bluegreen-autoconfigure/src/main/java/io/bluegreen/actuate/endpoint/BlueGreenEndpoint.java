package io.bluegreen.actuate.endpoint;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.lifecycle.DrainStatus;
import io.bluegreen.lifecycle.LifecycleRequests;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleStatus;
import io.bluegreen.lifecycle.ListenerStatus;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.web.HttpOutcomes;
import io.bluegreen.web.Problems;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * {@link WebEndpoint @WebEndpoint} that exposes the lifecycle: {@code GET} reads it (and
 * the fleet, when coordinated), {@code POST {"state":"PAUSED"}} or
 * {@code POST {"state":"ACTIVE"}} switches this instance, and
 * {@code POST {"active":"green"}} switches the whole deployment to a color.
 * <p>
 * Its default access is read-only: switching through it needs
 * {@code management.endpoint.bluegreen.access=unrestricted}, and, with Spring Security,
 * a caller the application's security rules allow.
 *
 * @author bluegreen
 */
@WebEndpoint(id = "bluegreen", defaultAccess = Access.READ_ONLY)
public class BlueGreenEndpoint {

	/**
	 * The fields a {@code POST} may have.
	 */
	public static final List<String> FIELDS = List.of("state", "active");

	private final LifecycleService lifecycleService;

	private final @Nullable FleetService fleetService;

	/**
	 * Create a new endpoint.
	 * @param lifecycleService the lifecycle service
	 * @param fleetService the fleet service, or {@code null} without fleet coordination
	 */
	public BlueGreenEndpoint(LifecycleService lifecycleService, @Nullable FleetService fleetService) {
		this.lifecycleService = lifecycleService;
		this.fleetService = fleetService;
	}

	@ReadOperation
	public LifecycleDescriptor lifecycle() {
		return LifecycleDescriptor.of(this.lifecycleService.status(),
				(this.fleetService != null) ? this.fleetService.status() : null);
	}

	/**
	 * Request a state of this instance, or an active color of the deployment. A pause
	 * answers once the drain is complete (200), timed out (503) or cancelled by a resume
	 * (409); a resume the fleet does not allow answers 409. A switch answers once it
	 * completed (200), when the color already was active (200), when it was aborted (503)
	 * or when another switch is in progress (409). Every answer but a 200 is an RFC 9457
	 * problem.
	 * @param state {@code ACTIVE} or {@code PAUSED}, in any case
	 * @param active the color to make active in the whole deployment, in any case
	 * @return the outcome, or a 400 problem naming the allowed values
	 */
	@WriteOperation
	public WebEndpointResponse<Object> transition(@Nullable String state, @Nullable String active) {
		if (state != null && active != null) {
			return problem(Problems.badRequest("Give either 'state' or 'active', not both", FIELDS));
		}
		if (active != null) {
			return switchTo(active);
		}
		LifecycleState target = parse(state);
		if (target == null) {
			String error = (state != null) ? "Invalid state '" + state + "'; allowed values: ACTIVE, PAUSED"
					: "Missing 'state'; allowed values: ACTIVE, PAUSED" + ((this.fleetService != null)
							? "; or 'active' to switch the deployment, one of " + this.fleetService.colors() : "");
			return problem(Problems.badRequest(error, allowedStates()));
		}
		TransitionResult result = LifecycleRequests.await(this.lifecycleService, target);
		HttpStatus status = HttpOutcomes.status(result.outcome());
		String problem = result.problem();
		if (problem != null) {
			return problem(Problems.withLifecycle(Problems.of(status, problem), result.status()));
		}
		return new WebEndpointResponse<>(LifecycleDescriptor.of(result.status(), null), status.value());
	}

	private WebEndpointResponse<Object> switchTo(String active) {
		FleetService fleetService = this.fleetService;
		if (fleetService == null) {
			return problem(Problems.badRequest("'active' switches a whole deployment and needs fleet coordination "
					+ "(bluegreen.fleet.enabled=true); without it, switch this instance with 'state'",
					allowedStates()));
		}
		SwitchResult result;
		try {
			result = fleetService.switchTo(active);
		}
		catch (IllegalArgumentException ex) {
			return problem(Problems.badRequest(String.valueOf(ex.getMessage()), fleetService.colors()));
		}
		SwitchDescriptor descriptor = SwitchDescriptor.of(result, fleetService.status());
		HttpStatus status = HttpOutcomes.status(result.outcome());
		if (status.is2xxSuccessful()) {
			return new WebEndpointResponse<>(descriptor, status.value());
		}
		return problem(descriptor.addTo(Problems.of(status, "Switch to '" + result.to() + "' "
				+ result.outcome().name().toLowerCase(Locale.ROOT)
				+ ((result.reason() != null) ? ": " + result.reason() : "")
				+ (result.unanswered().isEmpty() ? "" : "; did not confirm their pause: " + result.unanswered()))));
	}

	private static WebEndpointResponse<Object> problem(ProblemDetail problem) {
		return new WebEndpointResponse<>(problem, problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON);
	}

	private static List<String> allowedStates() {
		return LifecycleService.requestableStates().stream().map(LifecycleState::name).toList();
	}

	private static @Nullable LifecycleState parse(@Nullable String state) {
		if (state == null) {
			return null;
		}
		return Arrays.stream(LifecycleState.values())
			.filter(LifecycleState::isRequestable)
			.filter((candidate) -> candidate.name().equals(state.trim().toUpperCase(Locale.ROOT)))
			.findFirst()
			.orElse(null);
	}

	/**
	 * Description of the lifecycle.
	 *
	 * @param state the state of the application
	 * @param color the color of the application
	 * @param since when the state last changed
	 * @param drain the latest drain
	 * @param listeners the managed listener containers
	 * @param fleet the fleet of the deployment, or {@code null} without fleet coordination
	 */
	public record LifecycleDescriptor(LifecycleState state, @Nullable String color, Instant since,
			@Nullable DrainStatus drain, List<ListenerStatus> listeners,
			@Nullable FleetStatus fleet) implements OperationResponseBody {

		static LifecycleDescriptor of(LifecycleStatus status, @Nullable FleetStatus fleet) {
			return new LifecycleDescriptor(status.state(), status.color(), status.since(), status.drain(),
					status.listeners(), fleet);
		}

	}

	/**
	 * Description of a switch of the deployment.
	 *
	 * @param outcome how the switch ended
	 * @param deployment the deployment
	 * @param from the color that was active
	 * @param to the requested color
	 * @param reason what went wrong or why nothing changed
	 * @param unanswered the instances and group members that did not confirm their pause
	 * @param pausedAfterMillis time until the old color confirmed its pause
	 * @param completedAfterMillis time until the new color was recorded as active
	 * @param fleet the fleet when the switch ended
	 */
	public record SwitchDescriptor(SwitchOutcome outcome, String deployment, @Nullable String from, String to,
			@Nullable String reason, List<String> unanswered, @Nullable Long pausedAfterMillis,
			@Nullable Long completedAfterMillis, FleetStatus fleet) implements OperationResponseBody {

		static SwitchDescriptor of(SwitchResult result, FleetStatus fleet) {
			return new SwitchDescriptor(result.outcome(), result.deployment(), result.from(), result.to(),
					result.reason(), result.unanswered(),
					(result.pausedAfter() != null) ? result.pausedAfter().toMillis() : null,
					(result.completedAfter() != null) ? result.completedAfter().toMillis() : null, fleet);
		}

		ProblemDetail addTo(ProblemDetail problem) {
			problem.setProperty("outcome", this.outcome);
			problem.setProperty("deployment", this.deployment);
			problem.setProperty("from", this.from);
			problem.setProperty("to", this.to);
			problem.setProperty("reason", this.reason);
			problem.setProperty("unanswered", this.unanswered);
			problem.setProperty("pausedAfterMillis", this.pausedAfterMillis);
			problem.setProperty("completedAfterMillis", this.completedAfterMillis);
			problem.setProperty("fleet", this.fleet);
			return problem;
		}

	}

}
