package io.bluegreen.actuate.endpoint;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.DrainStatus;
import io.bluegreen.lifecycle.LifecycleRequests;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleStatus;
import io.bluegreen.lifecycle.ListenerStatus;
import io.bluegreen.lifecycle.TransitionResult;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * {@link WebEndpoint @WebEndpoint} that exposes the lifecycle: {@code GET} reads it,
 * {@code POST {"state":"PAUSED"}} or {@code POST {"state":"ACTIVE"}} switches it.
 *
 * @author bluegreen
 */
@WebEndpoint(id = "bluegreen")
public class BlueGreenEndpoint {

	private final LifecycleService lifecycleService;

	/**
	 * Create a new endpoint.
	 * @param lifecycleService the lifecycle service
	 */
	public BlueGreenEndpoint(LifecycleService lifecycleService) {
		this.lifecycleService = lifecycleService;
	}

	@ReadOperation
	public LifecycleDescriptor lifecycle() {
		return LifecycleDescriptor.of(this.lifecycleService.status());
	}

	/**
	 * Request a state. A pause answers once the drain is complete (200), timed out (503)
	 * or cancelled by a resume (409).
	 * @param state {@code ACTIVE} or {@code PAUSED}, in any case
	 * @return the lifecycle once the request ended, or a 400 error naming the allowed
	 * values
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> transition(@Nullable String state) {
		LifecycleState target = parse(state);
		if (target == null) {
			return new WebEndpointResponse<>(InvalidRequestDescriptor.of(state), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		TransitionResult result = LifecycleRequests.await(this.lifecycleService, target);
		return new WebEndpointResponse<>(LifecycleDescriptor.of(result.status()), result.outcome().httpStatus());
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
	 */
	public record LifecycleDescriptor(LifecycleState state, @Nullable String color, Instant since,
			@Nullable DrainStatus drain, List<ListenerStatus> listeners) implements OperationResponseBody {

		static LifecycleDescriptor of(LifecycleStatus status) {
			return new LifecycleDescriptor(status.state(), status.color(), status.since(), status.drain(),
					status.listeners());
		}

	}

	/**
	 * Description of a rejected request.
	 *
	 * @param error what was wrong
	 * @param allowed the values {@code state} may take
	 */
	public record InvalidRequestDescriptor(String error, List<LifecycleState> allowed) implements OperationResponseBody {

		static InvalidRequestDescriptor of(@Nullable String state) {
			String error = (state != null) ? "Invalid state '" + state + "'; allowed values: ACTIVE, PAUSED"
					: "Missing 'state'; allowed values: ACTIVE, PAUSED";
			return new InvalidRequestDescriptor(error, LifecycleService.requestableStates());
		}

	}

}
