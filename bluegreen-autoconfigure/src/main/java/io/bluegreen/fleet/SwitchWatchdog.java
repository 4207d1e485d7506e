package io.bluegreen.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Aborts a switch whose deadline passed without an ending: its coordinator died or lost
 * the control log. Every instance watches; the log decides only one ending, so a
 * coordinator that completes the switch at the same moment cannot also win. It looks at
 * the log it already read, every second or every heartbeat interval if that is shorter,
 * and costs the broker nothing until it aborts.
 *
 * @author bluegreen
 */
public class SwitchWatchdog extends PeriodicJob {

	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(SwitchWatchdog.class);

	private final FleetSettings settings;

	private final ControlLog log;

	private final Proposer proposer;

	// Confined to the executor
	private @Nullable CompletableFuture<?> abort;

	/**
	 * Create a new watchdog.
	 * @param settings who this instance is
	 * @param log the control log
	 * @param proposer the proposer of the abort
	 * @param executor the executor of the fleet's work
	 */
	public SwitchWatchdog(FleetSettings settings, ControlLog log, Proposer proposer, FleetExecutor executor) {
		super(executor, min(settings.heartbeatInterval(), CHECK_INTERVAL), settings.clock());
		this.settings = settings;
		this.log = log;
		this.proposer = proposer;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	protected void runOnce() {
		DesiredState desired = this.log.view().desired();
		SwitchInProgress inProgress = (desired != null) ? desired.switchInProgress() : null;
		Instant now = this.settings.clock().instant();
		if (desired == null || inProgress == null || now.isBefore(inProgress.deadline())
				|| (this.abort != null && !this.abort.isDone())) {
			return;
		}
		logger.warn("Switch " + inProgress.id() + " from " + inProgress.from() + " to " + inProgress.to()
				+ " passed its deadline without ending; aborting it");
		this.abort = this.proposer.propose(desired.abort(this.proposer.newId(),
				"coordinator " + inProgress.coordinator() + " did not end the switch before its deadline",
				List.of(inProgress.coordinator()), this.settings.instanceId(), now));
	}

}
