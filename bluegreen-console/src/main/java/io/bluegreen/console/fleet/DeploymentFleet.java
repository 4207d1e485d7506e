package io.bluegreen.console.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.bluegreen.console.ConsoleProperties;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.kafka.KafkaSwitchParticipant;

/**
 * One deployment as the console follows it: its control log read to the end, the fleet
 * protocol's proposer and coordinator with the console as a participant that consumes
 * nothing, and the switches that ended, newest first.
 *
 * @author bluegreen
 */
public class DeploymentFleet {

	private static final int HISTORY_SIZE = 50;

	private final String name;

	private final String controlTopic;

	private final KafkaSwitchParticipant participant;

	private final Map<String, EndedSwitch> history = new LinkedHashMap<>();

	private final List<Consumer<DeploymentFleet>> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable ConsoleSwitch lastRequest;

	DeploymentFleet(String name, String controlTopic, ConsoleProperties properties, String consoleId,
			Map<String, Object> connection) {
		this.name = name;
		this.controlTopic = controlTopic;
		this.participant = new KafkaSwitchParticipant(connection, controlTopic, name, consoleId,
				properties.getColors(), properties.getGroupId(), properties.getSwitchTimeout(),
				properties.getInstanceTimeout());
		this.participant.log().onChange(this::changed);
	}

	void start() {
		this.participant.start();
	}

	void stop() {
		this.participant.close();
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
		return this.participant.settings().colors();
	}

	/**
	 * Return the view of the control log, as of the last time the console read it to its
	 * end.
	 * @return the view
	 */
	public FleetView view() {
		return this.participant.log().view();
	}

	/**
	 * Return the instances that are live.
	 * @param view a view of the log
	 * @return the latest report of each live instance, by instance id
	 */
	public List<InstanceReport> live(FleetView view) {
		return this.participant.liveness().live(view);
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
		return this.participant.settings().color(requested);
	}

	/**
	 * Switch the deployment to a color, coordinated by the console.
	 * @param to one of the colors
	 * @param requestedBy the user who asked
	 * @param reason why, or {@code null}
	 * @return how the switch ended
	 */
	public CompletableFuture<SwitchResult> switchTo(String to, String requestedBy, @Nullable String reason) {
		ConsoleSwitch request = new ConsoleSwitch(to, requestedBy, this.participant.settings().clock().instant(), null);
		this.lastRequest = request;
		return this.participant.service().startSwitch(to, requestedBy, reason).whenComplete((result, ex) -> {
			if (this.lastRequest == request) {
				this.lastRequest = new ConsoleSwitch(to, requestedBy, request.requestedAt(), result);
			}
			this.listeners.forEach((listener) -> listener.accept(this));
		});
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
