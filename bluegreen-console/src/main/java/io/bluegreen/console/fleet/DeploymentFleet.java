package io.bluegreen.console.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.bluegreen.console.ConsoleProperties;
import io.bluegreen.fleet.ColorOffsets;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetExecutor;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetSettings;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.GroupMembership;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.Liveness;
import io.bluegreen.fleet.Proposer;
import io.bluegreen.fleet.SpectatorInstance;
import io.bluegreen.fleet.SwitchCoordinator;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.kafka.control.KafkaSwitchParticipant;
import io.bluegreen.lifecycle.LifecycleState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One deployment as the console follows it: its control log as the console's reader of
 * the control topics folds it, the fleet's status as the protocol core tells it, and the
 * switches that ended, newest first. A switch is coordinated by a participant that
 * consumes nothing, created for that switch and closed when it ended.
 *
 * @author bluegreen
 */
public class DeploymentFleet {

	private static final Log logger = LogFactory.getLog(DeploymentFleet.class);

	private static final int HISTORY_SIZE = 50;

	/**
	 * How long a proposal may take to be decided, as for the instances; the status
	 * service never proposes.
	 */
	private static final Duration PROPOSAL_TIMEOUT = Duration.ofSeconds(15);

	private final String name;

	private final String controlTopic;

	private final ConsoleProperties properties;

	private final Map<String, Object> connection;

	private final FleetSettings settings;

	private final FollowedControlLog log;

	private final Liveness liveness;

	private final FleetService status;

	private final Map<String, EndedSwitch> history = new LinkedHashMap<>();

	private final List<Consumer<DeploymentFleet>> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable ConsoleSwitch lastRequest;

	private @Nullable KafkaSwitchParticipant participant;

	DeploymentFleet(String name, String controlTopic, ConsoleProperties properties, String consoleId,
			Map<String, Object> connection, ColorOffsets offsets, GroupMembership membership, FleetExecutor executor) {
		this.name = name;
		this.controlTopic = controlTopic;
		this.properties = properties;
		this.connection = connection;
		this.settings = settings(name, consoleId, properties);
		this.log = new FollowedControlLog(name);
		this.liveness = new Liveness(this.settings, membership);
		// Never asked to switch: it tells the status of the fleet as the core does, from
		// the followed log
		SwitchCoordinator coordinator = new SwitchCoordinator(this.settings, this.log,
				new Proposer(this.settings, this.liveness, this.log, executor, () -> UUID.randomUUID().toString(),
						PROPOSAL_TIMEOUT),
				offsets, membership, new SpectatorInstance(properties.getGroupId()), executor);
		this.status = new FleetService(this.settings, this.log, this.liveness, coordinator, executor, (event) -> {
		});
		this.log.onChange(this::changed);
	}

	/**
	 * Return the console's settings as a participant of a deployment's fleet protocol. It
	 * reports nothing, warms no group and follows no state, so only the colors and the
	 * switch and instance timeouts matter; the intervals of those duties are valid
	 * placeholders.
	 */
	static FleetSettings settings(String deployment, String consoleId, ConsoleProperties properties) {
		List<String> colors = properties.getColors();
		Duration instanceTimeout = properties.getInstanceTimeout();
		return new FleetSettings(deployment, consoleId, colors.get(0), colors, LifecycleState.PAUSED,
				properties.getSwitchTimeout(), instanceTimeout.dividedBy(2), instanceTimeout,
				properties.getRefreshInterval(), properties.getConnectionCheckInterval(), Clock.systemUTC());
	}

	/**
	 * Return the log the console's reader of the control topics folds the deployment's
	 * records into.
	 */
	FollowedControlLog log() {
		return this.log;
	}

	/**
	 * Close the participant of a switch still running, when the console stops.
	 */
	synchronized void stop() {
		if (this.participant != null) {
			this.participant.close();
			this.participant = null;
		}
	}

	private void changed(FleetView view) {
		DesiredState desired = view.desired();
		if (desired != null && desired.lastSwitch() != null) {
			remember(desired.lastSwitch());
		}
		this.listeners.forEach((listener) -> listener.accept(this));
	}

	/**
	 * Remember a switch that ended, read from the log's history or its latest decision.
	 * @param ended the switch
	 */
	synchronized void remember(EndedSwitch ended) {
		this.history.put(ended.id(), ended);
		if (this.history.size() > HISTORY_SIZE) {
			EndedSwitch oldest = this.history.values()
				.stream()
				.min(Comparator.comparing(EndedSwitch::endedAt))
				.orElseThrow();
			this.history.remove(oldest.id());
		}
	}

	/**
	 * Register a listener called after every change of the deployment's view. It must
	 * return quickly.
	 * @param listener the listener
	 */
	public void onChange(Consumer<DeploymentFleet> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Remove a listener.
	 * @param listener the listener
	 */
	public void removeListener(Consumer<DeploymentFleet> listener) {
		this.listeners.remove(listener);
	}

	public String name() {
		return this.name;
	}

	public String controlTopic() {
		return this.controlTopic;
	}

	public List<String> colors() {
		return this.settings.colors();
	}

	/**
	 * Return the view of the control log, as of the last time the console read it to its
	 * end.
	 * @return the view
	 */
	public FleetView view() {
		return this.log.view();
	}

	/**
	 * Return the status of the fleet as the protocol core tells it: the live instances,
	 * and which instances or members a switch in progress waits for.
	 * @return the status
	 */
	public FleetStatus status() {
		return this.status.status();
	}

	/**
	 * Return the instances that are live.
	 * @param view a view of the log
	 * @return the latest report of each live instance, by instance id
	 */
	public List<InstanceReport> live(FleetView view) {
		return this.liveness.live(view);
	}

	/**
	 * Return the switches that ended, newest first.
	 * @return the switches
	 */
	public synchronized List<EndedSwitch> history() {
		List<EndedSwitch> newestFirst = new ArrayList<>(this.history.values());
		newestFirst.sort(Comparator.comparing(EndedSwitch::endedAt).reversed());
		return newestFirst;
	}

	/**
	 * Return the configured color that matches a requested one, ignoring case.
	 * @param requested the requested color
	 * @return the color, if it is one of the deployment's
	 */
	public java.util.Optional<String> color(String requested) {
		return this.settings.color(requested);
	}

	/**
	 * Switch the deployment to a color, coordinated by the console.
	 * @param to one of the colors
	 * @param requestedBy the user who asked
	 * @param reason why, or {@code null}
	 * @return how the switch ended
	 */
	public CompletableFuture<SwitchResult> switchTo(String to, String requestedBy, @Nullable String reason) {
		ConsoleSwitch request = new ConsoleSwitch(to, requestedBy, this.settings.clock().instant(), null);
		KafkaSwitchParticipant switching = participant();
		if (switching == null) {
			return CompletableFuture.completedFuture(SwitchResult.of(SwitchOutcome.CONFLICT, this.name,
					this.log.view().desired(), to, "a switch started from this console is still running"));
		}
		this.lastRequest = request;
		CompletableFuture<SwitchResult> result;
		if (!switching.log().awaitReadable(this.properties.getConnectionCheckInterval().plusSeconds(10))) {
			result = CompletableFuture.completedFuture(SwitchResult.of(SwitchOutcome.CONFLICT, this.name,
					this.log.view().desired(), to, "the console could not read control topic " + this.controlTopic));
		}
		else {
			result = switching.startSwitch(to, requestedBy, reason);
		}
		return result.whenComplete((switched, ex) -> {
			// Closed off the participant's own threads, which its close ends
			CompletableFuture.runAsync(() -> closeParticipant(switching));
			if (this.lastRequest == request) {
				this.lastRequest = new ConsoleSwitch(to, requestedBy, request.requestedAt(), switched);
			}
			this.listeners.forEach((listener) -> listener.accept(this));
		});
	}

	/**
	 * Create and start the participant of a switch, or return {@code null} while one
	 * runs.
	 */
	private synchronized @Nullable KafkaSwitchParticipant participant() {
		if (this.participant != null) {
			return null;
		}
		KafkaSwitchParticipant created = new KafkaSwitchParticipant(this.connection, this.controlTopic,
				this.properties.getGroupId(), this.settings);
		created.start();
		this.participant = created;
		return created;
	}

	private synchronized void closeParticipant(KafkaSwitchParticipant ended) {
		if (this.participant == ended) {
			this.participant = null;
		}
		try {
			ended.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not close the switch participant of deployment '" + this.name + "'", ex);
		}
	}

	/**
	 * Return whether a switch started from this console is being coordinated, so a
	 * participant of the fleet protocol is open.
	 * @return whether a participant is open
	 */
	public synchronized boolean participating() {
		return this.participant != null;
	}

	/**
	 * Return the last switch requested through this console, and its result once it
	 * ended.
	 * @return the request, or {@code null}
	 */
	public @Nullable ConsoleSwitch lastRequest() {
		return this.lastRequest;
	}

	/**
	 * A switch requested through this console.
	 *
	 * @param to the requested color
	 * @param requestedBy the user who asked
	 * @param requestedAt when
	 * @param result how it ended, as the fleet decided, or {@code null} while it runs
	 */
	public record ConsoleSwitch(String to, String requestedBy, java.time.Instant requestedAt,
			@Nullable SwitchResult result) {

	}

}
