package io.bluegreen.integration.flagger;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.web.WriteAccess;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
 * so a remote Flagger presents the token as the webhook's {@code token} metadata.
 *
 * @author bluegreen
 */
@RestController
@RequestMapping("${bluegreen.flagger.base-path:/flagger}")
public class FlaggerWebhookController {

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
	public ResponseEntity<String> preRollout(@RequestBody FlaggerWebhook webhook) {
		return withColor(webhook, this::readiness);
	}

	@PostMapping("/confirm-promotion")
	public ResponseEntity<String> confirmPromotion(@RequestBody FlaggerWebhook webhook, HttpServletRequest request) {
		return this.writeAccess.check(request, webhook.metadataValue("token"))
			.map((refusal) -> ResponseEntity.status(refusal.status()).body(refusal.detail()))
			.orElseGet(() -> withColor(webhook, this::promote));
	}

	@PostMapping("/rollback")
	public ResponseEntity<String> rollback(@RequestBody FlaggerWebhook webhook) {
		return withColor(webhook, this::rollbackWanted);
	}

	private ResponseEntity<String> readiness(String color) {
		FleetStatus fleet = this.fleetService.status();
		if (!fleet.readable()) {
			return unavailable("this instance has not read the control topic yet");
		}
		if (fleet.switchInProgress() != null) {
			return unavailable("switch " + fleet.switchInProgress().id() + " to '" + fleet.switchInProgress().to()
					+ "' is in progress");
		}
		if (color.equals(fleet.active())) {
			return ResponseEntity.ok("color '" + color + "' is already active");
		}
		List<InstanceReport> instances = fleet.instances().stream().filter((i) -> i.color().equals(color)).toList();
		if (instances.isEmpty()) {
			return unavailable("no live instance of color '" + color + "'");
		}
		List<String> notPaused = instances.stream()
			.filter((instance) -> instance.state() != LifecycleState.PAUSED)
			.map((instance) -> instance.instanceId() + " is " + instance.state())
			.toList();
		if (!notPaused.isEmpty()) {
			return unavailable("not every instance of color '" + color + "' is paused: " + notPaused);
		}
		return ResponseEntity.ok("color '" + color + "' is paused and ready: "
				+ instances.stream().map(InstanceReport::instanceId).toList());
	}

	private ResponseEntity<String> promote(String color) {
		SwitchResult result = this.fleetService.switchTo(color);
		String detail = "switch to '" + color + "' " + result.outcome().name().toLowerCase(Locale.ROOT)
				+ ((result.reason() != null) ? ": " + result.reason() : "")
				+ (result.unanswered().isEmpty() ? "" : "; unanswered: " + result.unanswered());
		HttpStatus status = switch (result.outcome()) {
			case COMPLETED, UNCHANGED -> HttpStatus.OK;
			case CONFLICT -> HttpStatus.CONFLICT;
			case ABORTED -> HttpStatus.SERVICE_UNAVAILABLE;
			case UNKNOWN -> HttpStatus.GATEWAY_TIMEOUT;
		};
		return ResponseEntity.status(status).body(detail);
	}

	private ResponseEntity<String> rollbackWanted(String color) {
		FleetStatus fleet = this.fleetService.status();
		EndedSwitch last = fleet.lastSwitch();
		if (!color.equals(fleet.active()) && fleet.switchInProgress() == null && last != null
				&& last.to().equals(color) && last.outcome() == SwitchOutcome.ABORTED) {
			return ResponseEntity.ok("roll back: switch " + last.id() + " to '" + color + "' aborted: "
					+ last.reason() + "; '" + last.from() + "' stays active");
		}
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body("no rollback: the last switch to '" + color + "' did not abort");
	}

	private ResponseEntity<String> withColor(FlaggerWebhook webhook,
			Function<String, ResponseEntity<String>> hook) {
		String requested = webhook.metadataValue("color");
		if (requested != null) {
			return this.fleetService.color(requested)
				.map(hook)
				.orElseGet(() -> badRequest("unknown color '" + requested + "' in the webhook metadata"));
		}
		FleetStatus fleet = this.fleetService.status();
		List<String> inactive = this.fleetService.colors().stream().filter((c) -> !c.equals(fleet.active())).toList();
		if (inactive.size() != 1) {
			return badRequest("the webhook metadata must name the 'color' when the inactive color is not unique");
		}
		return hook.apply(inactive.get(0));
	}

	private ResponseEntity<String> badRequest(String error) {
		return ResponseEntity.badRequest()
			.body(error + "; allowed values of 'color': " + this.fleetService.colors());
	}

	private static ResponseEntity<String> unavailable(String why) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("not ready: " + why);
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

	}

}
