package io.bluegreen.fleet;

import java.time.Duration;

import org.springframework.context.ApplicationEvent;

/**
 * Published by the instance that coordinated a switch, once the switch ended, completed
 * or aborted.
 *
 * @author bluegreen
 */
public class FleetSwitchEvent extends ApplicationEvent {

	private final SwitchResult result;

	private final Duration duration;

	/**
	 * Create a new event.
	 * @param source the fleet service
	 * @param result how the switch ended
	 * @param duration time from the request until it ended
	 */
	public FleetSwitchEvent(Object source, SwitchResult result, Duration duration) {
		super(source);
		this.result = result;
		this.duration = duration;
	}

	public SwitchResult getResult() {
		return this.result;
	}

	public Duration getDuration() {
		return this.duration;
	}

}
