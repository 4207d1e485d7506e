package io.bluegreen.fleet;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The records of the control topic this instance refused, counted by problem. Each key is
 * logged once, so a refused record that compaction keeps does not flood the log of every
 * restart, and a tool writing garbage in a loop does not either. Thread-safe.
 *
 * @author bluegreen
 */
public class ControlRecordRefusals {

	private static final int KEYS_LOGGED = 1000;

	private static final Log logger = LogFactory.getLog(ControlRecordRefusals.class);

	private final Map<ControlRecordProblem, AtomicLong> counts = new EnumMap<>(ControlRecordProblem.class);

	private final Set<String> logged = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Refusal last;

	/**
	 * Create an instance with nothing refused.
	 */
	public ControlRecordRefusals() {
		for (ControlRecordProblem problem : ControlRecordProblem.values()) {
			this.counts.put(problem, new AtomicLong());
		}
	}

	/**
	 * Count a refused record, and log it unless its key was logged before.
	 * @param key the key of the record, or a description of it
	 * @param position its position in the log, or -1 if unknown
	 * @param problem why it is refused
	 * @param detail what is wrong with it
	 */
	public void refuse(String key, long position, ControlRecordProblem problem, String detail) {
		counter(problem).incrementAndGet();
		this.last = new Refusal(key, position, problem, detail);
		if (this.logged.size() < KEYS_LOGGED && this.logged.add(key)) {
			logger.warn("Skipping control record '" + key + "'" + ((position >= 0) ? " at offset " + position : "")
					+ " (" + problem.tag() + "): " + detail
					+ "; it changes nothing. Records under the deployment's keys are written by its instances only");
		}
	}

	/**
	 * Return how many records were refused for a problem.
	 * @param problem the problem
	 * @return the count
	 */
	public long count(ControlRecordProblem problem) {
		return counter(problem).get();
	}

	private AtomicLong counter(ControlRecordProblem problem) {
		// the constructor puts a counter for every problem
		return Objects.requireNonNull(this.counts.get(problem));
	}

	/**
	 * Return the counts of the problems that happened, by tag.
	 * @return the counts, without zeros
	 */
	public Map<String, Long> counts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.counts.forEach((problem, count) -> {
			if (count.get() > 0) {
				counts.put(problem.tag(), count.get());
			}
		});
		return counts;
	}

	/**
	 * Return the last refusal.
	 * @return the refusal, or {@code null} if nothing was refused
	 */
	public @Nullable Refusal last() {
		return this.last;
	}

	/**
	 * A refused record.
	 *
	 * @param key its key, or a description of it
	 * @param position its position in the log, or -1 if unknown
	 * @param problem why it was refused
	 * @param detail what was wrong with it
	 */
	public record Refusal(String key, long position, ControlRecordProblem problem, String detail) {

	}

}
