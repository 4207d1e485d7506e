package io.bluegreen.integration.flagger;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.web.HttpOutcomes;
import io.bluegreen.web.Problems;
import io.bluegreen.web.WriteAccess;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Flagger's webhooks for a deployment under fleet coordination. Flagger posts
 * {@code {"name", "namespace", "phase", "checksum", "metadata"}} and reads a status of
 * 200 to 202 as success and anything else as failure, logging the body. The color a hook
 * is about is the webhook's {@code color} metadata, or else the color that is not active
 * (when there is exactly one).
 * <ul>
 * <li>{@code pre-rollout}: 200 when the color is ready to take over (live instances, all
 * paused, no switch in progress), 503 otherwise;</li>
 * <li>{@code confirm-promotion}: switches the deployment to the color; 200 once it is
 * active, 409 while another switch is in progress, 503 when the switch aborted;</li>
 * <li>{@code rollback}: 200, which makes Flagger roll back, when the last switch to the
 * color aborted and it is not active; 409 otherwise.</li>
 * </ul>
 * A hook that would switch is limited by {@link WriteAccess}: Flagger cannot set headers,
 * so a remote Flagger presents the token as the webhook's {@code token} metadata. A
 * success answers Flagger's text; everything else is an RFC 9457 problem, which Flagger
 * logs. Fields Flagger may add to its payload are accepted; metadata other than
 * {@code color} and {@code token} is refused, because it is written by hand.
 *
 * @author bluegreen
 */
@RestController
@RequestMapping("${bluegreen.flagger.base-path:/flagger}")
public class FlaggerWebhookController {

	private static final List<String> HOOKS = List.of("pre-rollout", "confirm-promotion", "rollback");

	private static final List<String> METADATA = List.of("color", "token");

	private final FleetService fleetService;

	private final WriteAccess writeAccess;

	/**
	 * Create a new controller.
	 * @param fleetService the fleet service
	 * @param writeAccess who may switch
	 */
	public FlaggerWebhookController(FleetService fleetService, WriteAccess writeAccess) {
		this.fleetService = fleetService;
		this.writeAccess = writeAccess;
	}

	@PostMapping("/pre-rollout")
	public ResponseEntity<?> preRollout(@RequestBody FlaggerWebhook webhook) {
		return withColor(webhook, this::readiness);
	}

	@PostMapping("/confirm-promotion")
	public ResponseEntity<?> confirmPromotion(@RequestBody FlaggerWebhook webhook, HttpServletRequest request) {
		return this.writeAccess.check(request, webhook.metadataValue("token"))
			.<ResponseEntity<?>>map(WriteAccess.Refusal::toResponse)
			.orElseGet(() -> withColor(webhook, this::promote));
	}

	@PostMapping("/rollback")
	public ResponseEntity<?> rollback(@RequestBody FlaggerWebhook webhook) {
		return withColor(webhook, this::rollbackWanted);
	}

	/**
	 * Answer a hook or method this controller does not have with a problem that names the
	 * ones it has.
	 * @param hook the last segment of the path
	 * @param request the request
	 * @return a 404 or 405 problem
	 */
	@RequestMapping("/{hook}")
	public ResponseEntity<ProblemDetail> other(@PathVariable String hook, HttpServletRequest request) {
		return HOOKS.contains(hook) ? Problems.methodNotAllowed(request.getMethod(), List.of(HttpMethod.POST))
				: Problems.notFound(hook, HOOKS);
	}

	private ResponseEntity<?> readiness(String color) {
		FlaggerReadiness readiness = FlaggerReadiness.of(this.fleetService.status(), color);
		return readiness.ready() ? ResponseEntity.ok(readiness.detail())
				: Problems.response(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, readiness.detail()));
	}

	private ResponseEntity<?> promote(String color) {
		SwitchResult result = this.fleetService.switchTo(color);
		String detail = "switch to '" + color + "' " + result.outcome().name().toLowerCase(Locale.ROOT)
				+ ((result.reason() != null) ? ": " + result.reason() : "")
				+ (result.unanswered().isEmpty() ? "" : "; unanswered: " + result.unanswered());
		HttpStatus status = HttpOutcomes.status(result.outcome());
		if (status.is2xxSuccessful()) {
			return ResponseEntity.status(status).body(detail);
		}
		ProblemDetail problem = Problems.of(status, detail);
		problem.setProperty("outcome", result.outcome());
		problem.setProperty("unanswered", result.unanswered());
		return Problems.response(problem);
	}

	private ResponseEntity<?> rollbackWanted(String color) {
		FlaggerRollback rollback = FlaggerRollback.of(this.fleetService.status(), color);
		return rollback.wanted() ? ResponseEntity.ok(rollback.detail())
				: Problems.response(Problems.of(HttpStatus.CONFLICT, rollback.detail()));
	}

	private ResponseEntity<?> withColor(FlaggerWebhook webhook, Function<String, ResponseEntity<?>> hook) {
		List<String> unknown = webhook.metadataKeys().stream().filter((key) -> !METADATA.contains(key)).toList();
		if (!unknown.isEmpty()) {
			// Metadata is written by hand in the Canary:
			// a misspelt 'color' would be ignored
			return Problems.response(Problems
				.badRequest("unknown webhook metadata " + unknown + "; allowed metadata: " + METADATA, METADATA));
		}
		String requested = webhook.metadataValue("color");
		if (requested != null) {
			return this.fleetService.color(requested)
				.<ResponseEntity<?>>map(hook)
				.orElseGet(() -> badRequest("unknown color '" + requested + "' in the webhook metadata"));
		}
		FleetStatus fleet = this.fleetService.status();
		List<String> inactive = this.fleetService.colors().stream().filter((c) -> !c.equals(fleet.active())).toList();
		if (inactive.size() != 1) {
			return badRequest("the webhook metadata must name the 'color' when the inactive color is not unique");
		}
		return hook.apply(inactive.get(0));
	}

	private ResponseEntity<ProblemDetail> badRequest(String error) {
		return Problems.response(Problems.badRequest(
				error + "; allowed values of 'color': " + this.fleetService.colors(), this.fleetService.colors()));
	}

	/**
	 * The payload of a Flagger webhook.
	 *
	 * @param name the name of the Canary
	 * @param namespace the namespace of the Canary
	 * @param phase the phase of the Canary
	 * @param checksum the checksum of the Canary's configuration
	 * @param metadata the webhook's metadata
	 */
	public record FlaggerWebhook(@Nullable String name, @Nullable String namespace, @Nullable String phase,
			@Nullable String checksum, @Nullable Map<String, String> metadata) {

		@Nullable String metadataValue(String key) {
			return (this.metadata != null) ? this.metadata.get(key) : null;
		}

		Set<String> metadataKeys() {
			return (this.metadata != null) ? this.metadata.keySet() : Set.of();
		}

	}

}
