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

/**
 * Decides which instances of a deployment are live. An instance is live while one of the
 * group member ids it reported is a member of one of its color's consumer groups: the
 * broker already tracks that, through the consumers' own heartbeats, so an unchanged
 * instance writes nothing to the control log. An instance without such a member, for
 * example one whose consumers have not joined yet, is live while its latest report is
 * younger than the instance timeout; such an instance reports every heartbeat interval.
 * <p>
 * Groups are described only for instances whose latest report is older than the instance
 * timeout, and a description is reused for one heartbeat interval, so status reads and
 * metric scrapes cost the broker at most one request per group and interval. Thread-safe.
 *
 * @author bluegreen
 */
public class Liveness {

	private static final Log logger = LogFactory.getLog(Liveness.class);

	private final FleetSettings settings;

	private final ColorOffsets offsets;

	private final Map<String, Described> described = new ConcurrentHashMap<>();

	/**
	 * Create a new liveness.
	 * @param settings the timings of the protocol and the clock
	 * @param offsets the colors' groups, whose members tell which instances are live
	 */
	public Liveness(FleetSettings settings, ColorOffsets offsets) {
		this.settings = settings;
		this.offsets = offsets;
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
	 * @return the latest report of each live instance of that color, sorted by instance id
	 */
	public List<InstanceReport> live(FleetView view, String color) {
		return live(view.reports().values().stream().filter((report) -> report.color().equals(color)));
	}

	private List<InstanceReport> live(Stream<InstanceReport> reports) {
		Instant now = this.settings.clock().instant();
		return reports
			.filter((report) -> report.isRecent(now, this.settings.instanceTimeout()) || isMember(report, now))
			.sorted(Comparator.comparing(InstanceReport::instanceId))
			.toList();
	}

	private boolean isMember(InstanceReport report, Instant now) {
		if (report.members().isEmpty()) {
			return false;
		}
		for (String group : new HashSet<>(report.groups().values())) {
			Set<String> members = members(group, now);
			if (report.members().stream().anyMatch(members::contains)) {
				return true;
			}
		}
		return false;
	}

	private Set<String> members(String group, Instant now) {
		Described described = this.described.get(group);
		if (described != null && described.at().plus(this.settings.heartbeatInterval()).isAfter(now)) {
			return described.memberIds();
		}
		Set<String> memberIds = new HashSet<>();
		try {
			this.offsets.members(group).forEach((member) -> memberIds.add(member.memberId()));
		}
		catch (IllegalStateException ex) {
			// Not cached: an instance is not taken for dead because the broker did not answer
			logger.debug("Could not describe group " + group + ": " + ex.getMessage());
			return (described != null) ? described.memberIds() : Set.of();
		}
		this.described.put(group, new Described(Set.copyOf(memberIds), now));
		return memberIds;
	}

	private record Described(Set<String> memberIds, Instant at) {

	}

}
