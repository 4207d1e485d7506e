package io.bluegreen.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.bluegreen.actuate.endpoint.BlueGreenEndpoint.LifecycleDescriptor;
import io.bluegreen.actuate.endpoint.BlueGreenEndpoint.SwitchDescriptor;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.lifecycle.DrainOutcome;
import io.bluegreen.lifecycle.DrainStatus;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleStatus;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.lifecycle.TransitionResult.Outcome;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the web extension answers each outcome of a write, as pure logic: the status code,
 * and for every answer but a 2xx an RFC 9457 problem that says what happened, with the
 * fields a caller needs to act on it. Only a 2xx answer to a pause means that another
 * color may consume.
 */
class BlueGreenEndpointWebExtensionTests {

	private static final Instant SINCE = Instant.parse("2026-01-01T10:00:00Z");

	private static final FleetStatus FLEET = new FleetStatus("orders", "blue-1", true, "blue", 3, null, null, 2,
			List.of(), List.of(), Map.of());

	@Test
	void aCompletedRequestForAStateIsA200WithTheLifecycle() {
		LifecycleStatus paused = lifecycle(LifecycleState.PAUSED, DrainOutcome.COMPLETED);

		WebEndpointResponse<Object> response = BlueGreenEndpointWebExtension
			.response(new TransitionResult(Outcome.COMPLETED, paused));

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isNull();
		assertThat(response.getBody())
			.isEqualTo(new LifecycleDescriptor(LifecycleState.PAUSED, "blue", SINCE, paused.drain(), List.of(), null));
	}

	@Test
	void aTimedOutDrainIsA503ThatSaysAnotherColorMustNotConsumeYet() {
		LifecycleStatus draining = lifecycle(LifecycleState.DRAINING, DrainOutcome.TIMED_OUT);

		ProblemDetail problem = problem(
				BlueGreenEndpointWebExtension.response(new TransitionResult(Outcome.TIMED_OUT, draining)), 503);

		assertThat(problem.getDetail()).startsWith("The drain did not complete within its timeout of PT30S")
			.contains("another color must not consume its partitions yet");
		assertThat(problem.getProperties()).containsEntry("state", LifecycleState.DRAINING)
			.containsEntry("color", "blue")
			.containsEntry("since", SINCE)
			.containsEntry("drain", draining.drain())
			.containsEntry("listeners", List.of());
	}

	@Test
	void aCancelledPauseIsA409() {
		LifecycleStatus active = lifecycle(LifecycleState.ACTIVE, DrainOutcome.CANCELLED);

		ProblemDetail problem = problem(
				BlueGreenEndpointWebExtension.response(new TransitionResult(Outcome.CANCELLED, active)), 409);

		assertThat(problem.getDetail())
			.isEqualTo("A later request for ACTIVE cancelled the pause; the application is ACTIVE");
		assertThat(problem.getProperties()).containsEntry("state", LifecycleState.ACTIVE);
	}

	@Test
	void aRefusedResumeIsA409WithTheReason() {
		LifecycleStatus paused = lifecycle(LifecycleState.PAUSED, null);

		ProblemDetail problem = problem(BlueGreenEndpointWebExtension
			.response(new TransitionResult(Outcome.REFUSED, paused, "color 'green' is not active")), 409);

		assertThat(problem.getDetail()).isEqualTo("color 'green' is not active");
		assertThat(problem.getProperties()).containsEntry("state", LifecycleState.PAUSED).containsEntry("drain", null);
	}

	@ParameterizedTest
	@EnumSource(names = { "COMPLETED", "UNCHANGED" })
	void aSwitchThatEndedWithTheColorActiveIsA200WithTheSwitch(SwitchOutcome outcome) {
		SwitchDescriptor descriptor = switched(outcome, null, List.of());

		WebEndpointResponse<Object> response = BlueGreenEndpointWebExtension.response(descriptor);

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isNull();
		assertThat(response.getBody()).isSameAs(descriptor);
	}

	@Test
	void anAbortedSwitchIsA503ThatNamesWhoDidNotConfirm() {
		SwitchDescriptor descriptor = switched(SwitchOutcome.ABORTED, "the old color did not pause in time",
				List.of("blue-2"));

		ProblemDetail problem = problem(BlueGreenEndpointWebExtension.response(descriptor), 503);

		assertThat(problem.getDetail()).isEqualTo("Switch to 'green' aborted: the old color did not pause in time; "
				+ "did not confirm their pause: [blue-2]");
		assertThat(problem.getProperties()).containsEntry("outcome", SwitchOutcome.ABORTED)
			.containsEntry("deployment", "orders")
			.containsEntry("from", "blue")
			.containsEntry("to", "green")
			.containsEntry("reason", "the old color did not pause in time")
			.containsEntry("unanswered", List.of("blue-2"))
			.containsEntry("pausedAfterMillis", null)
			.containsEntry("completedAfterMillis", null)
			.containsEntry("fleet", FLEET);
	}

	@Test
	void aSwitchWhileAnotherIsInProgressIsA409() {
		ProblemDetail problem = problem(
				BlueGreenEndpointWebExtension.response(
						switched(SwitchOutcome.CONFLICT, "a switch from blue to green is in progress", List.of())),
				409);

		assertThat(problem.getDetail())
			.isEqualTo("Switch to 'green' conflict: a switch from blue to green is in progress");
		assertThat(problem.getProperties()).containsEntry("outcome", SwitchOutcome.CONFLICT);
	}

	@Test
	void aSwitchWhoseOutcomeIsNotKnownIsA504() {
		ProblemDetail problem = problem(
				BlueGreenEndpointWebExtension.response(switched(SwitchOutcome.UNKNOWN, null, List.of())), 504);

		assertThat(problem.getDetail()).isEqualTo("Switch to 'green' unknown");
		assertThat(problem.getProperties()).containsEntry("outcome", SwitchOutcome.UNKNOWN);
	}

	@Test
	void anInvalidRequestIsA400NamingTheAllowedValues() {
		ProblemDetail problem = problem(BlueGreenEndpointWebExtension
			.response(new InvalidLifecycleRequestException("Unknown color 'purple'", List.of("blue", "green"))), 400);

		assertThat(problem.getDetail()).isEqualTo("Unknown color 'purple'");
		assertThat(problem.getProperties()).containsEntry("allowed", List.of("blue", "green"));
	}

	private static ProblemDetail problem(WebEndpointResponse<Object> response, int status) {
		assertThat(response.getStatus()).isEqualTo(status);
		assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).isInstanceOf(ProblemDetail.class);
		ProblemDetail problem = (ProblemDetail) response.getBody();
		assertThat(problem.getStatus()).isEqualTo(status);
		return problem;
	}

	private static LifecycleStatus lifecycle(LifecycleState state, @Nullable DrainOutcome drain) {
		return new LifecycleStatus(state, "blue", SINCE,
				(drain != null) ? new DrainStatus(drain, SINCE, Duration.ofSeconds(1), Duration.ofSeconds(30)) : null,
				List.of());
	}

	private static SwitchDescriptor switched(SwitchOutcome outcome, @Nullable String reason, List<String> unanswered) {
		return new SwitchDescriptor(outcome, "orders", "blue", "green", reason, unanswered, null, null, FLEET);
	}

}
