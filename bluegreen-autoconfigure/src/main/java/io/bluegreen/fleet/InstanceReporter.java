package io.bluegreen.fleet;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * Publishes the report of this instance: after every change of its lifecycle state, of
 * the desired state it applied or of its consumers' group member ids. An unchanged
 * instance whose consumers are group members writes nothing: it is live through its
 * members (see {@link Liveness}), so an idle fleet costs the control log nothing and no
 * instance is woken by another's heartbeat. An instance without a member id reports every
 * heartbeat interval. Withdraws the report when the instance stops, so that the instance
 * no longer counts as live.
 *
 * @author bluegreen
 */
public class InstanceReporter extends PeriodicJob {

	private static final long WITHDRAW_TIMEOUT_MILLIS = 5000;

	private static final Log logger = LogFactory.getLog(InstanceReporter.class);

	private final FleetSettings settings;

	private final ControlLog log;

	private final FleetDirective directive;

	private final LocalInstance instance;

	// Confined to the executor: the last report written, its position, and the count of
	// control topics created anew that the view had when it was written
	private @Nullable InstanceReport published;

	private long publishedAt = -1;

	private int publishedTopics;

	// Confined to the executor: the report being written, until its write is answered
	private @Nullable InstanceReport writing;

	private int writingTopics;

	private volatile @Nullable OffsetWarmer warmer;

	/**
	 * Create a new reporter.
	 * @param settings who this instance is
	 * @param log the control log
	 * @param directive the desired state this instance applied
	 * @param instance this instance
	 * @param executor the executor of the fleet's work
	 */
	public InstanceReporter(FleetSettings settings, ControlLog log, FleetDirective directive, LocalInstance instance,
			FleetExecutor executor) {
		super(executor, settings.heartbeatInterval(), settings.clock());
		this.settings = settings;
		this.log = log;
		this.directive = directive;
		this.instance = instance;
		directive.onChange(this::reportSoon);
		instance.onChange(this::reportSoon);
	}

	/**
	 * Confirm a pause only once no copy of the offset warmer is under way: a switch hands
	 * over once this instance confirmed, and a copy of older offsets must not land after
	 * the handover.
	 * @param warmer the offset warmer of this instance
	 */
	public void confirmPausesAfter(OffsetWarmer warmer) {
		this.warmer = warmer;
		warmer.onCopied(this::reportSoon);
	}

	@Override
	public void start() {
		super.start();
		reportSoon();
	}

	/**
	 * Report as soon as possible, for example after a change of the lifecycle state.
	 */
	public void reportSoon() {
		if (isRunning()) {
			executor().execute(this::runOnce);
		}
	}

	@Override
	protected void runOnce() {
		if (!isRunning() || !this.instance.isRunning()) {
			// Its state is not the one it runs in yet
			return;
		}
		LifecycleState state = this.instance.state();
		OffsetWarmer warmer = this.warmer;
		if (state == LifecycleState.PAUSED && warmer != null && warmer.isCopying()) {
			// Reported once the copy ended
			return;
		}
		InstanceReport report = new InstanceReport(this.settings.instanceId(), this.settings.color(), state,
				this.directive.appliedEpoch(), this.directive.appliedVersion(),
				this.instance.groups(this.settings.color()), new ArrayList<>(this.instance.members()),
				this.instance.clientIds(),
				(state == LifecycleState.PAUSED) ? this.instance.pausedPositions() : Map.of(),
				this.settings.clock().instant(), this.instance.previousGroupIds());
		if (!report.members().isEmpty() && (isPublished(report) || report.sameAs(this.writing))) {
			// Written, or being written: a run that comes before the write is answered,
			// such as a heartbeat tick beside a change, would write it twice
			return;
		}
		this.writing = report;
		this.writingTopics = this.log.view().topics();
		this.log.append(new ControlRecord.Report(report)).whenComplete((position, ex) -> {
			if (ex != null) {
				logger.warn("Could not report to the control log: " + ex.getMessage());
			}
			executor().execute(() -> written(report, (ex != null) ? null : position));
		});
	}

	/**
	 * Note the answer to the write of a report: a report that could not be written is
	 * written again at the next run.
	 */
	private void written(InstanceReport report, @Nullable Long position) {
		if (this.writing == report) {
			this.writing = null;
		}
		if (position != null) {
			this.published = report;
			this.publishedAt = position;
			this.publishedTopics = this.writingTopics;
		}
	}

	/**
	 * Whether the log holds what a report says: it was written, and it is still this
	 * instance's report once read back. A withdrawal of an earlier run that landed late,
	 * or a control topic created anew, make it write the report again.
	 */
	private boolean isPublished(InstanceReport report) {
		if (!report.sameAs(this.published)) {
			return false;
		}
		FleetView view = this.log.view();
		if (view.topics() != this.publishedTopics) {
			// Written into a topic since created anew, or read back from it: positions
			// of two topics do not compare
			return false;
		}
		return view.position() <= this.publishedAt || report.sameAs(view.reports().get(this.settings.instanceId()));
	}

	@Override
	public void stop() {
		super.stop();
		executor().execute(() -> {
			this.published = null;
			this.writing = null;
		});
		if (!this.log.view().readable()) {
			return;
		}
		try {
			this.log.append(new ControlRecord.Withdrawal(this.settings.instanceId()))
				.get(WITHDRAW_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Report of this instance not withdrawn; it counts as live until its consumers left their "
					+ "groups", ex);
		}
	}

}
