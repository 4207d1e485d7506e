package io.bluegreen.actuate.endpoint;

import java.util.Collection;
import java.util.List;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * Thrown when a request to the {@code bluegreen} endpoint names no state or color, or one
 * that does not exist; it changed nothing, and it names the values that would be allowed.
 *
 * @author bluegreen
 */
public class InvalidLifecycleRequestException extends InvalidEndpointRequestException {

	/**
	 * The states a request may name.
	 */
	static final List<String> STATES = LifecycleService.requestableStates().stream().map(LifecycleState::name).toList();

	private final String reason;

	private final List<String> allowed;

	/**
	 * Create a new exception.
	 * @param reason what was wrong, and what would be right
	 * @param allowed the values the request may name
	 */
	public InvalidLifecycleRequestException(String reason, Collection<String> allowed) {
		super(reason, reason);
		this.reason = reason;
		this.allowed = List.copyOf(allowed);
	}

	/**
	 * Return what was wrong, and what would be right.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * Create the exception for a request for a color without fleet coordination.
	 * @return the exception
	 */
	static InvalidLifecycleRequestException withoutFleet() {
		return new InvalidLifecycleRequestException(
				"'active' switches a whole deployment and needs fleet "
						+ "coordination (bluegreen.fleet.enabled=true); without it, switch this instance with 'state'",
				STATES);
	}

	/**
	 * Create the exception for a request for a state that cannot be requested.
	 * @param state the state as the request named it
	 * @return the exception
	 */
	static InvalidLifecycleRequestException invalidState(String state) {
		return new InvalidLifecycleRequestException(
				"Invalid state '" + state + "'; allowed values: " + String.join(", ", STATES), STATES);
	}

	/**
	 * Return the values the request may name.
	 * @return the allowed values
	 */
	public List<String> getAllowed() {
		return this.allowed;
	}

}
