package io.bluegreen.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * How the pages write times and durations: short, and in UTC.
 *
 * @author bluegreen
 */
public final class Formats {

	/**
	 * The formats, as the templates call them.
	 */
	public static final Formats INSTANCE = new Formats();

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private Formats() {
	}

	/**
	 * Return a duration, in the largest unit that keeps it readable.
	 * @param duration the duration, or {@code null}
	 * @return e.g. {@code 45 ms}, {@code 2.3 s}, {@code 4 min 10 s}, or a dash
	 */
	public String duration(@Nullable Duration duration) {
		if (duration == null) {
			return "–";
		}
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + " ms";
		}
		if (millis < 60_000) {
			return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
		}
		if (millis < 3_600_000) {
			return (millis / 60_000) + " min " + ((millis / 1000) % 60) + " s";
		}
		return (millis / 3_600_000) + " h " + ((millis / 60_000) % 60) + " min";
	}

	/**
	 * Return the time between two instants.
	 * @param from the earlier one
	 * @param to the later one
	 * @return the duration, formatted
	 */
	public String between(Instant from, Instant to) {
		return duration(Duration.between(from, to));
	}

	/**
	 * Return how long ago an instant was.
	 * @param then the instant, or {@code null}
	 * @param now the current time
	 * @return e.g. {@code 12 s ago}, or a dash
	 */
	public String ago(@Nullable Instant then, Instant now) {
		if (then == null) {
			return "–";
		}
		Duration age = Duration.between(then, now);
		if (age.compareTo(Duration.ofSeconds(1)) < 0) {
			return "just now";
		}
		return (duration(age.withNanos(0)) + " ago").replace(".0 s", " s");
	}

	/**
	 * Return an instant as a date and time in UTC.
	 * @param instant the instant, or {@code null}
	 * @return the time, or a dash
	 */
	public String time(@Nullable Instant instant) {
		return (instant != null) ? TIME.format(instant) : "–";
	}

}
