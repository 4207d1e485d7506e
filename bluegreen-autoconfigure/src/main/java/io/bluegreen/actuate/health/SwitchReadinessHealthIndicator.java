package io.bluegreen.actuate.health;

import java.time.Instant;

import io.bluegreen.readiness.ReadinessStatus;
import io.bluegreen.readiness.SwitchReadiness;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether this instance is ready to switch: {@code OUT_OF_SERVICE}, with what it
 * waits for, until it is, then {@code UP}. Part of the readiness group, so that
 * {@code /actuator/health/readiness} says UP only once a switch can be fast.
 *
 * @author bluegreen
 */
public class SwitchReadinessHealthIndicator extends AbstractHealthIndicator {

	private final SwitchReadiness readiness;

	/**
	 * Create a new indicator.
	 * @param readiness the readiness of this instance
	 */
	public SwitchReadinessHealthIndicator(SwitchReadiness readiness) {
		super("Switch readiness check failed");
		this.readiness = readiness;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ReadinessStatus status = this.readiness.status();
		Instant since = status.since();
		if (status.ready() && since != null) {
			builder.up().withDetail("since", since);
		}
		else {
			builder.outOfService().withDetail("waitingFor", status.missing());
		}
	}

}
