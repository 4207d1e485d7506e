package io.bluegreen.fleet;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * timeout. An instance counts as live while its group cannot be described. Thread-safe.
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
	 * Return the instances that are live.
	 * @param view the view of the control log
	 * @return the latest report of each live instance, sorted by instance id
	 */
	public List<InstanceReport> live(FleetView view) {
		return live(view.reports().values().stream());
	}

	/**
	 * Return the live instances of a color.
	 * @param view the view of the control log
	 * @param color the color
	 * @return the latest report of each live instance of that color, sorted by instance
	 * id
	 */
	public List<InstanceReport> live(FleetView view, String color) {
		return live(view.reports().values().stream().filter((report) -> report.color().equals(color)));
	}

	private List<InstanceReport> live(Stream<InstanceReport> reports) {
		Instant now = this.settings.clock().instant();
		// In a stable order: which instance's group is described first does not vary
		return reports.sorted(Comparator.comparing(InstanceReport::instanceId))
			.filter((report) -> report.isRecent(now, this.settings.instanceTimeout()) || isMember(report, now))
			.toList();
	}

	private boolean isMember(InstanceReport report, Instant now) {
		if (report.members().isEmpty()) {
			return false;
		}
		for (String group : new HashSet<>(report.groups().values())) {
			Set<String> members = members(group, now);
			if (members == null || report.members().stream().anyMatch(members::contains)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the member ids of a group, or {@code null} if the broker could not tell.
	 */
	private @Nullable Set<String> members(String group, Instant now) {
		Described described = this.described.get(group);
		if (described != null && described.at().plus(this.settings.instanceTimeout()).isAfter(now)) {
			return described.memberIds();
		}
		Set<String> memberIds;
		try {
			memberIds = this.membership.memberIds(group);
		}
		catch (IllegalStateException ex) {
			// An instance is not taken for dead because the broker did not answer
			logger.debug("Could not describe group " + group + ": " + ex.getMessage());
			return (described != null) ? described.memberIds() : null;
		}
		this.described.put(group, new Described(Set.copyOf(memberIds), now));
		return memberIds;
	}

	private record Described(Set<String> memberIds, Instant at) {

	}

}
