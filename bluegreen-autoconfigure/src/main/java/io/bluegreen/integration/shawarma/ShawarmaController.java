package io.bluegreen.integration.shawarma;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import io.bluegreen.integration.InstanceActivation;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleStatus;
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
 * {@link InstanceActivation} carries out {@code active} and {@code inactive}, for one
 * instance or, with fleet coordination, the deployment. {@code GET} reads the
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

	private final InstanceActivation activation;

	private final WriteAccess writeAccess;

	/**
	 * Create a new controller.
	 * @param lifecycleService the lifecycle service
	 * @param activation carries out {@code active} and {@code inactive}
	 * @param writeAccess who may change state
	 */
	public ShawarmaController(LifecycleService lifecycleService, InstanceActivation activation,
			WriteAccess writeAccess) {
		this.lifecycleService = lifecycleService;
		this.activation = activation;
		this.writeAccess = writeAccess;
	}

	@GetMapping
	public ApplicationState state() {
		return ApplicationState.of(this.lifecycleService.status());
	}

	@PostMapping
	public ResponseEntity<?> change(@RequestBody(required = false) @Nullable StateChange change,
			HttpServletRequest request) {
		return this.writeAccess.check(request)
			.<ResponseEntity<?>>map(WriteAccess.Refusal::toResponse)
			.orElseGet(() -> change(change));
	}

	private ResponseEntity<?> change(@Nullable StateChange change) {
		String requested = (change != null) ? change.status() : null;
		String status = (requested != null) ? requested.trim().toLowerCase(Locale.ROOT) : null;
		if (status == null || !STATUSES.contains(status)) {
			String error = (requested == null) ? "Missing 'status'" : "Invalid status '" + requested + "'";
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					error + "; allowed values: " + STATUSES);
			problem.setProperty("allowed", STATUSES);
			return ResponseEntity.badRequest().body(problem);
		}
		return apply(status.equals("active"));
	}

	private ResponseEntity<?> apply(boolean active) {
		InstanceActivation.Outcome outcome = this.activation.apply(active);
		if (outcome.problem() != null) {
			HttpStatus status = HttpStatus.valueOf(outcome.httpStatus());
			return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, outcome.problem()));
		}
		return ResponseEntity.status(outcome.httpStatus()).body(ApplicationState.of(outcome.status()));
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
