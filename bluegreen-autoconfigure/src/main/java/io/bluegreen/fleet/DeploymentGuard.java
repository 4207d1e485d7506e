package io.bluegreen.fleet;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.SmartLifecycle;

/**
 * Refuses to start an instance that would join a deployment of another application: one
 * whose managed consumer groups have nothing in common with those of a live instance of
 * the deployment. Two applications with one deployment name would otherwise become one
 * fleet, and a switch would hand one application's partitions over to groups nobody
 * consumes. A release may add or remove listeners, so instances need to share a group,
 * not all of them; a renamed listener's previous group ids count as its groups.
 *
 * @author bluegreen
 */
public class DeploymentGuard implements SmartLifecycle {

	private final FleetSettings settings;

	private final ControlLog log;

	private final LocalInstance instance;

	private final Liveness liveness;

	private volatile boolean running;

	/**
	 * Create a new guard.
	 * @param settings who this instance is
	 * @param log the control log
	 * @param instance this instance
	 * @param liveness which instances are live
	 */
	public DeploymentGuard(FleetSettings settings, ControlLog log, LocalInstance instance, Liveness liveness) {
		this.settings = settings;
		this.log = log;
		this.instance = instance;
		this.liveness = liveness;
	}

	/**
	 * Check this instance's groups against the live instances of its deployment, once the
	 * control log was read.
	 * @throws DeploymentConflictException if a live instance shares none of them
	 */
	@Override
	public void start() {
		if (this.log.awaitReadable(this.settings.startupTimeout())) {
			check(this.log.view());
		}
		this.running = true;
	}

	/**
	 * Check this instance's groups against the live instances of a view.
	 * @param view the view of the control log
	 * @throws DeploymentConflictException if a live instance shares none of them
	 */
	public void check(FleetView view) {
		Map<String, String> mine = this.instance.groups(this.settings.color());
		if (mine.isEmpty()) {
			return;
		}
		Set<String> known = known(mine.keySet(), this.instance.previousGroupIds());
		for (InstanceReport other : this.liveness.live(view)) {
			if (!other.instanceId().equals(this.settings.instanceId()) && !other.groups().isEmpty()
					&& Collections.disjoint(known(other.groups().keySet(), other.previousGroups()), known)) {
				throw new DeploymentConflictException(this.settings.deployment(), this.settings.instanceId(),
						List.copyOf(mine.keySet()), other.instanceId(), List.copyOf(other.groups().keySet()));
			}
		}
	}

	/**
	 * A listener renamed in a release shares its previous group ids with the instances of
	 * the release before.
	 */
	private static Set<String> known(Set<String> groups, Map<String, List<String>> previous) {
		Set<String> known = new HashSet<>(groups);
		previous.values().forEach(known::addAll);
		return known;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Before the follower decides the initial state: a conflicting instance never claims
	 * a color.
	 */
	@Override
	public int getPhase() {
		return DesiredStateFollower.PHASE - 5;
	}

	/**
	 * Thrown when an instance's groups have nothing in common with a live instance of its
	 * deployment.
	 */
	public static class DeploymentConflictException extends IllegalStateException {

		/**
		 * Create a new exception.
		 * @param deployment the deployment
		 * @param instanceId this instance
		 * @param groups the groups of this instance's listeners
		 * @param otherId the live instance
		 * @param otherGroups the groups of its listeners
		 */
		public DeploymentConflictException(String deployment, String instanceId, List<String> groups, String otherId,
				List<String> otherGroups) {
			super("Instance '" + instanceId + "' with consumer groups " + groups + " cannot join deployment '"
					+ deployment + "': its live instance '" + otherId + "' has consumer groups " + otherGroups
					+ " and they share none, so two applications use one deployment name. Give each application "
					+ "its own bluegreen.fleet.deployment");
		}

	}

}
