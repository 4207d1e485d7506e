package io.bluegreen.readiness;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether this instance is ready to switch: every {@link ReadinessCheck} held at once,
 * such as each managed listener's consumers having their partitions, its view of the
 * fleet caught up with the control log and the offset handover's producer initialized.
 * <p>
 * Once ready, it stays ready: a later rebalance of its color's group is brought about by
 * an instance that joins or leaves, which a rollout already waits for on that instance,
 * and a switch asked for meanwhile waits for the group, it is not refused. Readiness that
 * flapped with every rebalance would take every instance of a color out of its Services
 * and stall rollouts whenever one pod restarts. Until ready, every call checks again;
 * once ready, a call costs nothing.
 *
 * @author bluegreen
 */
public class SwitchReadiness {

	private static final Log logger = LogFactory.getLog(SwitchReadiness.class);

	private final Supplier<List<ReadinessCheck>> checks;

	private final Clock clock;

	private volatile @Nullable Instant readySince;

	/**
	 * Create the readiness of this instance.
	 * @param checks the conditions, resolved at each check until ready
	 * @param clock the clock that dates readiness
	 */
	public SwitchReadiness(Supplier<List<ReadinessCheck>> checks, Clock clock) {
		this.checks = checks;
		this.clock = clock;
	}

	/**
	 * Check whether this instance is ready, unless it already was.
	 * @return the status
	 */
	public ReadinessStatus status() {
		Instant since = this.readySince;
		if (since != null) {
			return new ReadinessStatus(true, since, List.of());
		}
		return check();
	}

	private synchronized ReadinessStatus check() {
		Instant since = this.readySince;
		if (since != null) {
			return new ReadinessStatus(true, since, List.of());
		}
		List<String> missing = new ArrayList<>();
		for (ReadinessCheck check : this.checks.get()) {
			missing.addAll(check.missing());
		}
		if (!missing.isEmpty()) {
			return new ReadinessStatus(false, null, List.copyOf(missing));
		}
		since = this.clock.instant();
		this.readySince = since;
		logger.info("Ready to switch at " + since);
		return new ReadinessStatus(true, since, List.of());
	}

}
