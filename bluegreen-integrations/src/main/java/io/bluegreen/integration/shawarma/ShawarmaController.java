package io.bluegreen.integration.shawarma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import io.bluegreen.integration.InstanceActivation;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleStatus;
import io.bluegreen.web.Problems;
import io.bluegreen.web.WriteAccess;

import org.springframework.http.HttpMethod;
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
 * the pod and posts {@code {"status":"active"}} or {@code {"status":"inactive"}} (with
 * the names of the routing services) to the application's state URL on every change.
 * <p>
 * {@link InstanceActivation} carries out {@code active} and {@code inactive}, for one
 * instance or, with fleet coordination, the deployment. {@code GET} reads the state in
 * Shawarma's form. Changing state is limited by {@link WriteAccess}; the sidecar calls
 * over the loopback interface.
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

	/**
	 * Answer another method with a problem that names the supported ones.
	 * @param request the request
	 * @return a 405 problem
	 */
	@RequestMapping
	public ResponseEntity<ProblemDetail> otherMethod(HttpServletRequest request) {
		return Problems.methodNotAllowed(request.getMethod(), List.of(HttpMethod.GET, HttpMethod.POST));
	}

	private ResponseEntity<?> change(@Nullable StateChange change) {
		String requested = (change != null) ? change.status() : null;
		String status = (requested != null) ? requested.trim().toLowerCase(Locale.ROOT) : null;
		if (status == null || !STATUSES.contains(status)) {
			String error = (requested != null) ? "Invalid status '" + requested + "'"
					: "Missing 'status'" + ((change != null && !change.unknown().isEmpty())
							? " (unknown fields: " + change.unknown().keySet() + ")" : "");
			return Problems.response(Problems
				.badRequest(error + "; allowed values: " + STATUSES + ", as in {\"status\":\"active\"}", STATUSES));
		}
		return apply(status.equals("active"));
	}

	private ResponseEntity<?> apply(boolean active) {
		InstanceActivation.Outcome outcome = this.activation.apply(active);
		HttpStatus status = ActivationStatus.of(outcome.result());
		if (!outcome.applied()) {
			return Problems.response(
					Problems.withLifecycle(Problems.of(status, String.valueOf(outcome.problem())), outcome.status()));
		}
		return ResponseEntity.status(status).body(ApplicationState.of(outcome.status()));
	}

	/**
	 * The body Shawarma posts. Fields that Shawarma may add in later versions are kept in
	 * {@code unknown} and do not make the request fail; they are named when the status is
	 * missing, to point out a misspelt field.
	 *
	 * @param status {@code active} or {@code inactive}
	 * @param activeServices the services that route to the pod
	 * @param unknown the other fields of the body
	 */
	public record StateChange(@Nullable String status, @Nullable List<String> activeServices,
			@JsonAnySetter Map<String, Object> unknown) {

		public StateChange {
			// Jackson passes null when the body has no other field
			unknown = (unknown != null) ? unknown : new LinkedHashMap<>();
		}

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
