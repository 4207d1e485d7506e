package io.bluegreen.actuate.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bluegreen.fleet.ControlRecordRefusals;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.PeriodicJob;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports what went wrong in the fleet coordination of this instance without stopping it:
 * the records of the control topic it refused, and the periodic jobs whose runs failed.
 * It stays up: every failure is skipped or retried, and a restart would not help.
 *
 * @author bluegreen
 */
public class FleetHealthIndicator extends AbstractHealthIndicator {

	private final FleetService fleetService;

	private final List<PeriodicJob> jobs;

	/**
	 * Create a new indicator.
	 * @param fleetService the fleet service
	 * @param jobs the periodic jobs of the fleet
	 */
	public FleetHealthIndicator(FleetService fleetService, List<PeriodicJob> jobs) {
		super("Fleet health check failed");
		this.fleetService = fleetService;
		this.jobs = List.copyOf(jobs);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		ControlRecordRefusals refusals = this.fleetService.refusals();
		Map<String, Long> refused = refusals.counts();
		if (!refused.isEmpty()) {
			builder.withDetail("refusedControlRecords", refused);
			ControlRecordRefusals.Refusal last = refusals.last();
			if (last != null) {
				builder.withDetail("lastRefusedControlRecord", last);
			}
		}
		Map<String, Object> failedJobs = new LinkedHashMap<>();
		for (PeriodicJob job : this.jobs) {
			if (job.failures() > 0) {
				PeriodicJob.Failure last = job.lastFailure();
				failedJobs.put(job.getClass().getSimpleName(),
						(last != null) ? last : Map.of("failures", job.failures(), "lastRunFailed", false));
			}
		}
		if (!failedJobs.isEmpty()) {
			builder.withDetail("failedJobs", failedJobs);
		}
	}

}
