package io.bluegreen.console.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import io.bluegreen.console.fleet.DeploymentFleet;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.SwitchInProgress;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Switches a deployment to another color, coordinated by the console through the fleet
 * protocol. Answers {@code 202 Accepted} once the switch started; the page follows it
 * live and shows its outcome as the fleet decided it. Refusals change nothing.
 *
 * @author bluegreen
 */
@RestController
class SwitchController {

	/**
	 * Longest reason recorded with a switch.
	 */
	static final int MAX_REASON = 200;

	/**
	 * How long a request waits for a refusal or a quick outcome before answering that the
	 * switch started.
	 */
	private static final Duration FIRST_ANSWER = Duration.ofSeconds(1);

	private final PagesController pages;

	private final DeploymentPages deploymentPages;

	private final SwitchAccess access;

	SwitchController(PagesController pages, DeploymentPages deploymentPages, SwitchAccess access) {
		this.pages = pages;
		this.deploymentPages = deploymentPages;
		this.access = access;
	}

	@PostMapping("/deployments/{name}/switch")
	ResponseEntity<Map<String, Object>> switchTo(@PathVariable String name, @RequestParam String to,
			@RequestParam(required = false) @Nullable String reason, Authentication authentication) {
		DeploymentFleet fleet = this.pages.find(name);
		String color = fleet.color(to)
			.orElseThrow(() -> new ConsoleProblem(HttpStatus.BAD_REQUEST,
					"Unknown color '" + to + "' of deployment '" + name + "'", fleet.colors()));
		String trimmed = StringUtils.hasText(reason) ? reason.strip() : null;
		if (trimmed != null && trimmed.length() > MAX_REASON) {
			throw new ConsoleProblem(HttpStatus.BAD_REQUEST,
					"The reason has " + trimmed.length() + " characters; at most " + MAX_REASON + " are allowed", null);
		}
		String connectionProblem = this.deploymentPages.connectionProblem();
		if (connectionProblem != null) {
			throw new ConsoleProblem(HttpStatus.SERVICE_UNAVAILABLE,
					"No connection to Kafka, so no switch: " + connectionProblem, null);
		}
		refuseIfBusy(fleet, color);
		String user = this.access.user(authentication);
		CompletableFuture<SwitchResult> switching = fleet.switchTo(color, (user != null) ? user : "?", trimmed);
		SwitchResult result = firstAnswer(switching);
		if (result != null
				&& (result.outcome() == SwitchOutcome.CONFLICT || result.outcome() == SwitchOutcome.UNCHANGED)) {
			throw new ConsoleProblem(HttpStatus.CONFLICT, String.valueOf(result.reason()), null);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("deployment", name);
		body.put("to", color);
		body.put("requestedBy", user);
		body.put("outcome", (result != null) ? result.outcome() : "STARTED");
		if (result != null && result.reason() != null) {
			body.put("reason", result.reason());
		}
		return ResponseEntity.status((result != null) ? HttpStatus.OK : HttpStatus.ACCEPTED).body(body);
	}

	private static void refuseIfBusy(DeploymentFleet fleet, String color) {
		FleetView view = fleet.view();
		if (!view.readable()) {
			throw new ConsoleProblem(HttpStatus.SERVICE_UNAVAILABLE,
					"The console has not read the control topic of deployment '" + fleet.name() + "' yet", null);
		}
		DesiredState desired = view.desired();
		SwitchInProgress inProgress = (desired != null) ? desired.switchInProgress() : null;
		if (inProgress != null) {
			throw new ConsoleProblem(HttpStatus.CONFLICT,
					"A switch of deployment '" + fleet.name() + "' from " + inProgress.from() + " to " + inProgress.to()
							+ " is in progress, coordinated by " + inProgress.coordinator() + "; wait for its outcome",
					null);
		}
		if (desired != null && desired.active().equals(color)) {
			throw new ConsoleProblem(HttpStatus.CONFLICT, "Color '" + color + "' is already active", null);
		}
	}

	private static @Nullable SwitchResult firstAnswer(CompletableFuture<SwitchResult> switching) {
		try {
			return switching.get(FIRST_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException ex) {
			throw new ConsoleProblem(HttpStatus.INTERNAL_SERVER_ERROR, "The switch failed to start: " + ex.getCause(),
					null);
		}
	}

}
