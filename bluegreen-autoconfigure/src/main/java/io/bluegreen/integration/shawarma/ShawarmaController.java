package io.bluegreen.integration.shawarma;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.lifecycle.LifecycleRequests;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleStatus;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.web.WriteAccess;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the Shawarma sidecar. Shawarma watches whether a Kubernetes Service routes to
 * the pod and posts {@code {"status":"active"}} or {@code {"status":"inactive"}} (with the
 * names of the routing services) to the application's state URL on every change.
 * <p>
 * Without fleet coordination, {@code active} resumes this instance and {@code inactive}
 * drains it; the answer comes when the transition completed. With fleet coordination,
 * {@code active} switches the deployment to this instance's color, and {@code inactive}
 * changes nothing: the old color pauses as part of that switch. {@code GET} reads the
 * state in Shawarma's form. Changing state is limited by {@link WriteAccess}; the sidecar
 * calls over the loopback interface.
 *
 * @author bluegreen
 */
@RestController
@RequestMapping("${bluegreen.shawarma.path:/applicationstate}")
public class ShawarmaController {

	private static final List<String> STATUSES = List.of("active", "inactive");

	private final LifecycleService lifecycleService;

	private final @Nullable FleetService fleetService;

	private final WriteAccess writeAccess;

	/**
	 * Create a new controller.
	 * @param lifecycleService the lifecycle service
	 * @param fleetService the fleet service, or {@code null} without fleet coordination
	 * @param writeAccess who may change state
	 */
	public ShawarmaController(LifecycleService lifecycleService, @Nullable FleetService fleetService,
			WriteAccess writeAccess) {
		this.lifecycleService = lifecycleService;
		this.fleetService = fleetService;
		this.writeAccess = writeAccess;
	}

	@GetMapping
	public ApplicationState state() {
		return ApplicationState.of(this.lifecycleService.status());
	}

	@PostMapping
	public ResponseEntity<?> change(@RequestBody(required = false) @Nullable StateChange change,
			HttpServletRequest request) {
		String status = (change != null && change.status() != null) ? change.status().trim().toLowerCase(Locale.ROOT)
				: null;
		if (status == null || !STATUSES.contains(status)) {
			String error = (status == null) ? "Missing 'status'"
					: "Invalid status '" + change.status() + "'";
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					error + "; allowed values: " + STATUSES);
			problem.setProperty("allowed", STATUSES);
			return ResponseEntity.badRequest().body(problem);
		}
		return this.writeAccess.check(request)
			.<ResponseEntity<?>>map(WriteAccess.Refusal::toResponse)
			.orElseGet(() -> apply(status.equals("active")));
	}

	private ResponseEntity<?> apply(boolean active) {
		FleetService fleet = this.fleetService;
		if (fleet == null) {
			TransitionResult result = LifecycleRequests.await(this.lifecycleService,
					active ? LifecycleState.ACTIVE : LifecycleState.PAUSED);
			if (result.outcome() == TransitionResult.Outcome.REFUSED) {
				return conflict(String.valueOf(result.reason()));
			}
			return ResponseEntity.status(result.outcome().httpStatus()).body(ApplicationState.of(result.status()));
		}
		String color = String.valueOf(this.lifecycleService.status().color());
		if (active) {
			SwitchResult result = fleet.switchTo(color);
			if (result.outcome() == SwitchOutcome.COMPLETED || result.outcome() == SwitchOutcome.UNCHANGED) {
				return ResponseEntity.ok(state());
			}
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(result.outcome().httpStatus()),
					"Switch to '" + color + "' " + result.outcome().name().toLowerCase(Locale.ROOT) + ": "
							+ result.reason());
			return ResponseEntity.status(problem.getStatus()).body(problem);
		}
		if (color.equals(fleet.status().active())) {
			return conflict("Color '" + color + "' is the active color of deployment '" + fleet.status().deployment()
					+ "'; it pauses when another color becomes active");
		}
		return ResponseEntity.ok(state());
	}

	private static ResponseEntity<ProblemDetail> conflict(String detail) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail));
	}

	/**
	 * The body Shawarma posts.
	 *
	 * @param status {@code active} or {@code inactive}
	 * @param activeServices the services that route to the pod
	 */
	public record StateChange(@Nullable String status, @Nullable List<String> activeServices) {

	}

	/**
	 * The application state in Shawarma's form.
	 *
	 * @param status {@code active} when the listeners consume, {@code inactive} otherwise
	 * @param state the lifecycle state
	 * @param color the color of this instance
	 */
	public record ApplicationState(String status, LifecycleState state, @Nullable String color) {

		static ApplicationState of(LifecycleStatus status) {
			return new ApplicationState((status.state() == LifecycleState.ACTIVE) ? "active" : "inactive",
				status.state(), status.color());
		}

	}

}
