package io.bluegreen.fleet;

import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
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
 * <p>
 * A consumer consumes only under a member id that the log knows: its member ids are
 * admitted once this instance read its report back and applied the desired state it read
 * before it. A switch that started before the report is then applied first, and one that
 * starts after it waits for this instance, whose report names the member. So a consumer
 * that joined its group while its instance was cut off from the log, and that a switch
 * took for gone, cannot consume the old color's partitions after the handover.
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

	// Confined to the executor
	private @Nullable InstanceReport published;

	// Confined to the executor: the members of a report written and not read back yet
	private @Nullable Written unadmitted;

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
		super(executor, settings.heartbeatInterval());
		this.settings = settings;
		this.log = log;
		this.directive = directive;
		this.instance = instance;
		directive.onChange(this::reportSoon);
		instance.onChange(this::reportSoon);
		log.onChange((view) -> executor.execute(this::admitReadBack));
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
		InstanceReport report = new InstanceReport(this.settings.instanceId(), this.settings.color(), state,
				this.directive.appliedEpoch(), this.directive.appliedVersion(),
				this.instance.groups(this.settings.color()), new ArrayList<>(this.instance.members()),
				this.instance.clientIds(),
				(state == LifecycleState.PAUSED) ? this.instance.pausedPositions() : Map.of(),
				this.settings.clock().instant());
		if (report.sameAs(this.published) && !report.members().isEmpty()) {
			admitReadBack();
			return;
		}
		this.log.append(new ControlRecord.Report(report)).whenComplete((position, ex) -> {
			if (ex != null) {
				logger.warn("Could not report to the control log: " + ex.getMessage());
				return;
			}
			executor().execute(() -> {
				this.published = report;
				this.unadmitted = new Written(position, Set.copyOf(report.members()));
				admitReadBack();
			});
		});
	}

	/**
	 * Admit the members of the last report written once this instance read it back and
	 * acts on the desired state it read: applied it, and, if it must pause, asked its
	 * lifecycle to.
	 */
	private void admitReadBack() {
		Written written = this.unadmitted;
		if (written == null) {
			return;
		}
		FleetView view = this.log.view();
		DesiredState desired = view.desired();
		boolean applied = desired == null || this.directive.appliedVersion() >= desired.version();
		boolean obeyed = this.directive.target() == LifecycleState.ACTIVE
				|| this.instance.state() != LifecycleState.ACTIVE;
		if (view.position() > written.position() && applied && obeyed) {
			this.unadmitted = null;
			this.instance.admit(written.members());
		}
	}

	@Override
	public void stop() {
		super.stop();
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

	private record Written(long position, Set<String> members) {

	}

}
