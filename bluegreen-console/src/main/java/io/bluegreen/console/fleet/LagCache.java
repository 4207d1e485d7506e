package io.bluegreen.console.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lag of consumer groups, read at most once per refresh interval for the same groups,
 * however many pages show them.
 *
 * @author bluegreen
 */
public class LagCache {

	private final LagReader reader;

	private final Duration interval;

	private final Clock clock;

	private final Map<List<String>, Reading> readings = new ConcurrentHashMap<>();

	/**
	 * Create a cache.
	 * @param reader the reader of the lag
	 * @param interval the age after which a reading is read again
	 * @param clock the clock
	 */
	public LagCache(LagReader reader, Duration interval, Clock clock) {
		this.reader = reader;
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Return the lag of groups, read again once the last reading of them is older than
	 * the interval.
	 * @param groups the groups
	 * @return the lag of each group
	 */
	public List<GroupLag> lag(Collection<String> groups) {
		List<String> key = List.copyOf(groups);
		if (key.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		// Slightly less than the interval: a refresh at each interval reads again
		Duration maxAge = this.interval.minusMillis(this.interval.toMillis() / 10);
		Reading reading = this.readings.compute(key,
				(groupsRead, last) -> (last != null && last.at().plus(maxAge).isAfter(now)) ? last
						: new Reading(this.reader.read(groupsRead), now));
		// Readings of groups no page shows any more are forgotten
		this.readings.entrySet()
			.removeIf((entry) -> entry.getValue().at().plus(this.interval.multipliedBy(10)).isBefore(now));
		return reading.lag();
	}

	private record Reading(List<GroupLag> lag, Instant at) {

	}

}
