package io.bluegreen.actuate.health;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the lifecycle state in the health details. Every state is healthy: a paused
 * color waiting for its turn must not be restarted by a liveness probe.
 *
 * @author bluegreen
 */
public class LifecycleHealthIndicator extends AbstractHealthIndicator {

	private final LifecycleService lifecycleService;

	/**
	 * Create a new indicator.
	 * @param lifecycleService the lifecycle service
	 */
	public LifecycleHealthIndicator(LifecycleService lifecycleService) {
		super("Lifecycle health check failed");
		this.lifecycleService = lifecycleService;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		LifecycleStatus status = this.lifecycleService.status();
		builder.up().withDetail("state", status.state()).withDetail("since", status.since());
		if (status.color() != null) {
			builder.withDetail("color", status.color());
		}
		if (status.drain() != null) {
			builder.withDetail("drain", status.drain().outcome());
		}
	}

}
