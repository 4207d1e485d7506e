package io.bluegreen.fleet;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;

/**
 * Whether a first desired state may be recorded for a deployment whose control log holds
 * none: not while an instance reports a state it applied (the topic was lost and the
 * state is being written again), nor while the colors' groups have a member that no
 * instance reported (an instance that cannot reach the log, or has not read it since it
 * was created anew, may be consuming). Recording one then could make two colors active. A
 * starting instance's claim of its color and a switch asked for with nothing recorded
 * both ask. An instance about to follow a state that makes its color consume but may not
 * be the one the fleet holds asks too, with the live instances of another color that are
 * not paused in place of applied states.
 *
 * @author bluegreen
 */
public class ClaimHold {

	private final FleetSettings settings;

	private final LocalInstance instance;

	private final GroupMembership membership;

	private final Liveness liveness;

	/**
	 * Create a new instance.
	 * @param settings who this instance is
	 * @param instance this instance: its groups and members
	 * @param membership the members of the colors' groups
	 */
	public ClaimHold(FleetSettings settings, LocalInstance instance, GroupMembership membership) {
		this.settings = settings;
		this.instance = instance;
		this.membership = membership;
		this.liveness = new Liveness(settings, membership);
	}

	/**
	 * Say why no first state may be recorded on a view, asking the broker for the groups'
	 * members one group at a time until one shows an unknown member.
	 * @param view the view of the control log
	 * @return completes with the reason, or {@code null} if one may be recorded
	 */
	public CompletableFuture<@Nullable String> reason(FleetView view) {
		String applied = appliedState(view);
		if (applied != null) {
			return CompletableFuture.completedFuture(applied + " of a state the control topic no longer holds");
		}
		return unknownMember(view);
	}

	/**
	 * Say why this instance may not follow a claim of its color that the log decided but
	 * that is not confirmed: no decision record names it yet, or the proposer of this
	 * instance could not confirm it as won. The claim may have been written into a
	 * control topic that was lost and landed in the one created anew, where the instances
	 * that hold the state decided in the lost topic have not written it again yet; or a
	 * decision of the version this instance applied that names another proposal, which
	 * makes its color consume in place of another without a switch. Not while a live
	 * instance of another color reports not being paused, nor while the colors' groups
	 * have a member that no instance reported.
	 * @param view the view of the control log, which holds the claim as decided
	 * @return completes with the reason, or {@code null} if the claim may be followed
	 */
	public CompletableFuture<@Nullable String> reasonToDoubt(FleetView view) {
		List<InstanceReport> unpaused = view.reports()
			.values()
			.stream()
			.filter((report) -> !report.color().equals(this.settings.color())
					&& report.state() != LifecycleState.PAUSED)
			.toList();
		CompletableFuture<List<InstanceReport>> consuming = unpaused.isEmpty()
				? CompletableFuture.completedFuture(List.of()) : this.liveness.liveAsync(unpaused);
		return consuming.thenCompose((live) -> {
			if (!live.isEmpty()) {
				InstanceReport report = live.get(0);
				return CompletableFuture.completedFuture("instance " + report.instanceId() + " of color "
						+ report.color() + " is live and reports being " + report.state());
			}
			return unknownMember(view);
		});
	}

	/**
	 * Ask the broker for the groups' members one group at a time until one shows a member
	 * that no instance reported.
	 */
	private CompletableFuture<@Nullable String> unknownMember(FleetView view) {
		Set<String> reported = new HashSet<>();
		view.reports().values().forEach((report) -> reported.addAll(report.members()));
		Set<String> mine = this.instance.members();
		CompletableFuture<@Nullable String> unknown = CompletableFuture.completedFuture(null);
		for (String color : this.settings.colors()) {
			for (String group : new TreeSet<>(this.instance.groups(color).values())) {
				unknown = unknown.thenCompose((found) -> (found != null) ? CompletableFuture.completedFuture(found)
						: unknownMember(group, reported, mine));
			}
		}
		return unknown;
	}

	/**
	 * Say which instance reports having applied a desired state, if any.
	 */
	private static @Nullable String appliedState(FleetView view) {
		return view.reports()
			.values()
			.stream()
			.filter((report) -> report.version() > 0)
			.min(Comparator.comparing(InstanceReport::instanceId))
			.map((report) -> "instance " + report.instanceId() + " applied version " + report.version())
			.orElse(null);
	}

	private CompletableFuture<@Nullable String> unknownMember(String group, Set<String> reported, Set<String> mine) {
		CompletableFuture<Set<String>> members;
		try {
			members = this.membership.memberIds(group);
		}
		catch (IllegalStateException ex) {
			members = CompletableFuture.failedFuture(ex);
		}
		return members.handle((memberIds, ex) -> {
			if (ex != null) {
				return "consumer group " + group + " could not be described: " + Completions.message(ex);
			}
			for (String memberId : new TreeSet<>(memberIds)) {
				if (!reported.contains(memberId) && !mine.contains(memberId)) {
					return "consumer group " + group + " has member " + memberId
							+ " that no instance of the deployment reported";
				}
			}
			return null;
		});
	}

}
