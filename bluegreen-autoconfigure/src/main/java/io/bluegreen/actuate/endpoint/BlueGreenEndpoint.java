package io.bluegreen.actuate.endpoint;

import java.time.Instant;
import java.util.List;

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

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} that exposes the lifecycle: reading it describes this
 * instance (and the fleet, when coordinated), writing {@code state} ({@code PAUSED} or
 * {@code ACTIVE}) switches this instance, and writing {@code active} (a color) switches
 * the whole deployment. It knows no HTTP: {@link BlueGreenEndpointWebExtension} turns its
 * outcomes into status codes and problems.
 * <p>
 * Its default access is read-only: switching through it needs
 * {@code management.endpoint.bluegreen.access=unrestricted}, and, with Spring Security, a
 * caller the application's security rules allow.
 *
 * @author bluegreen
 */
@Endpoint(id = "bluegreen", defaultAccess = Access.READ_ONLY)
public class BlueGreenEndpoint {

	/**
	 * The fields a write may have.
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
	 * Request a state of this instance, or an active color of the deployment, and wait
	 * until the request ended. The state is converted by the endpoint's parameter
	 * mapping, which reads its name in any case.
	 * @param state {@code ACTIVE} or {@code PAUSED}
	 * @param active the color to make active in the whole deployment, in any case
	 * @return how the request ended: a {@link TransitionDescriptor} or a
	 * {@link SwitchDescriptor}
	 * @throws InvalidLifecycleRequestException if the request names no state or color, or
	 * one that does not exist
	 */
	@WriteOperation
	public OperationResponseBody transition(@Nullable LifecycleState state, @Nullable String active) {
		return request(state, active).apply((target) -> TransitionDescriptor.of(changeState(target)), this::switchTo);
	}

	/**
	 * Read what a write asks for.
	 * @param state {@code ACTIVE} or {@code PAUSED}
	 * @param active the color to make active in the whole deployment
	 * @return the request
	 * @throws InvalidLifecycleRequestException if it names both or neither, a state that
	 * cannot be requested, or a color without fleet coordination
	 */
	public LifecycleRequest request(@Nullable LifecycleState state, @Nullable String active) {
		return LifecycleRequest.of(state, active, (this.fleetService != null) ? this.fleetService.colors() : null);
	}

	/**
	 * Request a state of this instance and wait for the answer: a pause ends once the
	 * drain completed, timed out or was cancelled by a resume; a resume the fleet does
	 * not allow is refused.
	 * @param state the requested state
	 * @return how the request ended
	 */
	public TransitionResult changeState(LifecycleState state) {
		return LifecycleRequests.await(this.lifecycleService, state);
	}

	/**
	 * Make a color the active color of the deployment and wait until the switch ended.
	 * @param color one of the configured colors, in any case
	 * @return how the switch ended
	 * @throws InvalidLifecycleRequestException without fleet coordination, or if the
	 * color is not one of the configured colors
	 */
	public SwitchDescriptor switchTo(String color) {
		FleetService fleetService = this.fleetService;
		if (fleetService == null) {
			throw InvalidLifecycleRequestException.withoutFleet();
		}
		SwitchResult result;
		try {
			result = fleetService.switchTo(color);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidLifecycleRequestException(String.valueOf(ex.getMessage()), fleetService.colors());
		}
		return SwitchDescriptor.of(result, fleetService.status());
	}

	/**
	 * Description of the lifecycle.
	 *
	 * @param state the state of the application
	 * @param color the color of the application
	 * @param since when the state last changed
	 * @param drain the latest drain
	 * @param listeners the managed listener containers
	 * @param fleet the fleet of the deployment, or {@code null} without fleet
	 * coordination
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
	 * Description of how a request for a state of this instance ended.
	 *
	 * @param outcome how the request ended
	 * @param problem what kept the request from reaching its state, or {@code null} when
	 * it was reached
	 * @param lifecycle the lifecycle when the request ended
	 */
	public record TransitionDescriptor(TransitionResult.Outcome outcome, @Nullable String problem,
			LifecycleDescriptor lifecycle) implements OperationResponseBody {

		static TransitionDescriptor of(TransitionResult result) {
			return new TransitionDescriptor(result.outcome(), result.problem(),
					LifecycleDescriptor.of(result.status(), null));
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

	}

}
