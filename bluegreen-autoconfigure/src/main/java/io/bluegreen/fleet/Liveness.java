package io.bluegreen.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Decides which instances of a deployment are live: those whose latest report is younger
 * than the instance timeout, and those with a group member id they reported in one of
 * their color's consumer groups. The broker tracks the members already, through the
 * consumers' own heartbeats, so an unchanged instance writes nothing to the control log;
 * an instance none of whose consumers has a member id reports every heartbeat interval.
 * <p>
 * Groups are described only for instances whose latest report is older than the instance
 * timeout, and a description is reused for an instance timeout, so status reads, metric
 * scrapes and the offset warmer cost the broker at most one request per group and
 * timeout. An instance counts as live while its group cannot be described. The fleet's
 * executor asks without waiting for the broker; readers of the status on threads of their
 * own may wait. Thread-safe.
 *
 * @author bluegreen
 */
public class Liveness {

	private static final Log logger = LogFactory.getLog(Liveness.class);

	private final FleetSettings settings;

	private final GroupMembership membership;

	private final Map<String, Described> described = new ConcurrentHashMap<>();

	/**
	 * Create a new liveness.
	 * @param settings the timings of the protocol and the clock
	 * @param membership the members of the colors' groups, which tell which instances are
	 * live
	 */
	public Liveness(FleetSettings settings, GroupMembership membership) {
		this.settings = settings;
		this.membership = membership;
	}

	/**
	 * Return the instances that are live, waiting for the broker if a group must be
	 * described. For readers of the status on threads of their own; the fleet's executor
	 * uses {@link #liveAsync(FleetView)}.
	 * @param view the view of the control log
	 * @return the latest report of each live instance, sorted by instance id
	 */
	public List<InstanceReport> live(FleetView view) {
		return liveAsync(view).join();
	}

	/**
	 * Return the live instances of a color, waiting for the broker if a group must be
	 * described. For readers of the status on threads of their own; the fleet's executor
	 * uses {@link #liveAsync(FleetView, String)}.
	 * @param view the view of the control log
	 * @param color the color
	 * @return the latest report of each live instance of that color, sorted by instance
	 * id
	 */
	public List<InstanceReport> live(FleetView view, String color) {
		return liveAsync(view, color).join();
	}

	/**
	 * Return the instances that are live, without waiting for the broker.
	 * @param view the view of the control log
	 * @return completes with the latest report of each live instance, sorted by instance
	 * id, once the groups it had to describe answered
	 */
	public CompletableFuture<List<InstanceReport>> liveAsync(FleetView view) {
		return decide(view.reports().values().stream());
	}

	/**
	 * Return the live instances of a color, without waiting for the broker.
	 * @param view the view of the control log
	 * @param color the color
	 * @return completes with the latest report of each live instance of that color,
	 * sorted by instance id, once the groups it had to describe answered
	 */
	public CompletableFuture<List<InstanceReport>> liveAsync(FleetView view, String color) {
		return decide(view.reports().values().stream().filter((report) -> report.color().equals(color)));
	}

	/**
	 * Return which of some instances are live, without waiting for the broker.
	 * @param reports the latest report of each instance
	 * @return completes with the reports of the live ones, sorted by instance id, once
	 * the groups it had to describe answered
	 */
	public CompletableFuture<List<InstanceReport>> liveAsync(Collection<InstanceReport> reports) {
		return decide(reports.stream());
	}

	private CompletableFuture<List<InstanceReport>> decide(Stream<InstanceReport> reports) {
		Instant now = this.settings.clock().instant();
		// In a stable order: which instance's group is described first does not vary
		List<InstanceReport> sorted = reports.sorted(Comparator.comparing(InstanceReport::instanceId)).toList();
		return decide(sorted, now, new HashMap<>());
	}

	/**
	 * Decide with what is known; when a group must be described first, describe it and
	 * decide again, so the groups are described one at a time in the order a decision
	 * needs them, and none that it does not need.
	 */
	private CompletableFuture<List<InstanceReport>> decide(List<InstanceReport> reports, Instant now,
			Map<String, @Nullable Set<String>> answered) {
		List<InstanceReport> live = new ArrayList<>();
		for (InstanceReport report : reports) {
			if (report.isRecent(now, this.settings.instanceTimeout())) {
				live.add(report);
				continue;
			}
			Membership found = membership(report, now, answered);
			String group = found.undescribed();
			if (group != null) {
				return describe(group, now).thenCompose((members) -> {
					answered.put(group, members);
					return decide(reports, now, answered);
				});
			}
			if (found.member()) {
				live.add(report);
			}
		}
		return CompletableFuture.completedFuture(live);
	}

	private Membership membership(InstanceReport report, Instant now, Map<String, @Nullable Set<String>> answered) {
		if (report.members().isEmpty()) {
			return Membership.NONE;
		}
		for (String group : new HashSet<>(report.groups().values())) {
			Set<String> members;
			if (answered.containsKey(group)) {
				members = answered.get(group);
			}
			else {
				Described described = this.described.get(group);
				if (described == null || !described.at().plus(this.settings.instanceTimeout()).isAfter(now)) {
					return new Membership(false, group);
				}
				members = described.memberIds();
			}
			if (members == null || report.members().stream().anyMatch(members::contains)) {
				return Membership.MEMBER;
			}
		}
		return Membership.NONE;
	}

	/**
	 * Describe a group: completes with its member ids, or {@code null} if the broker
	 * could not tell.
	 */
	private CompletableFuture<@Nullable Set<String>> describe(String group, Instant now) {
		CompletableFuture<Set<String>> members;
		try {
			members = this.membership.memberIds(group);
		}
		catch (RuntimeException ex) {
			members = CompletableFuture.failedFuture(ex);
		}
		return members.handle((memberIds, ex) -> {
			if (ex != null) {
				// An instance is not taken for dead because the broker did not answer
				logger.debug("Could not describe group " + group + ": " + Completions.message(ex));
				Described described = this.described.get(group);
				return (described != null) ? described.memberIds() : null;
			}
			Set<String> copy = Set.copyOf(memberIds);
			this.described.put(group, new Described(copy, now));
			return copy;
		});
	}

	/**
	 * Whether an instance with an old report is a member of one of its groups, or the
	 * group to describe to tell.
	 */
	private record Membership(boolean member, @Nullable String undescribed) {

		static final Membership MEMBER = new Membership(true, null);

		static final Membership NONE = new Membership(false, null);

	}

	private record Described(Set<String> memberIds, Instant at) {

	}

}
