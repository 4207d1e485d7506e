package io.bluegreen.fleet.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.ListenerStatus;
import io.bluegreen.lifecycle.ManagedListeners;

/**
 * The listener container of a simulated instance, as the real lifecycle service manages
 * it: one consumer that polls at the simulation's pace, acts on a requested pause or
 * resume at its next poll, and processes the records of a poll one after the other, each
 * committed as it is processed. As the guard proves it, its drain is proven once the
 * pause is requested, the consumer paused at a poll, and no record it fetched is still in
 * flight.
 */
final class SimListener implements ManagedListeners {

	static final String ID = "orders";

	/**
	 * Most records fetched from a partition at one poll.
	 */
	private static final int MAX_FETCH = 10;

	/**
	 * Longest time to process a record, unless slowed down.
	 */
	private static final int MAX_PROCESSING_MILLIS = 15;

	private final SimInstance instance;

	private final VirtualTime time;

	private final Random random;

	private final BooleanSupplier alive;

	private final SimOffsets offsets;

	private final Processed processed;

	private final List<Runnable> progress = new ArrayList<>();

	private final Map<Integer, Long> positions = new HashMap<>();

	// Fetched and not processed yet, in the order the listener processes them
	private final List<Record> inFlight = new ArrayList<>();

	private boolean pauseRequested;

	// Whether the consumer fetches nothing: until its first poll, and from the poll that
	// acted on a requested pause to the one that acts on a resume
	private boolean paused = true;

	// Changes when the records in flight are given up, so that their processing stops
	private long batch;

	private Duration slowdown = Duration.ZERO;

	SimListener(SimInstance instance, VirtualTime time, Random random, BooleanSupplier alive, SimOffsets offsets,
			Processed processed) {
		this.instance = instance;
		this.time = time;
		this.random = random;
		this.alive = alive;
		this.offsets = offsets;
		this.processed = processed;
	}

	@Override
	public void validate() {
	}

	@Override
	public void requestPause() {
		this.pauseRequested = true;
	}

	@Override
	public void requestResume() {
		this.pauseRequested = false;
	}

	@Override
	public List<ListenerStatus> inspect() {
		boolean drained = this.paused && this.inFlight.isEmpty();
		LifecycleState state = !this.pauseRequested ? LifecycleState.ACTIVE
				: (drained ? LifecycleState.PAUSED : LifecycleState.DRAINING);
		List<String> pending = new ArrayList<>();
		if (this.pauseRequested && !this.paused) {
			pending.add("consumer not paused yet");
		}
		if (!this.inFlight.isEmpty()) {
			pending.add(this.inFlight.size() + " records in flight");
		}
		List<String> assigned = new TreeSet<>(this.positions.keySet()).stream()
			.map((partition) -> SimOffsets.TOPIC + "-" + partition)
			.toList();
		return List.of(new ListenerStatus(ID, this.instance.group(), state, true, this.pauseRequested, this.paused,
				assigned, this.paused ? assigned : List.of(), pending, 0));
	}

	@Override
	public void onProgress(Runnable action) {
		this.progress.add(action);
	}

	private void progressed() {
		this.progress.forEach(Runnable::run);
	}

	/**
	 * Return whether the listener consumes, whatever its lifecycle reports: records are
	 * in flight, or it fetches at its next poll, in its group under an admitted member id
	 * with no pause requested.
	 */
	boolean consumes() {
		return !this.inFlight.isEmpty() || (!this.pauseRequested && this.instance.mayConsume());
	}

	/**
	 * Return whether a record of a partition is in flight: until it is processed, the
	 * group assigns the partition to no other consumer.
	 */
	boolean holds(int partition) {
		return this.inFlight.stream().anyMatch((record) -> record.partition() == partition);
	}

	/**
	 * Poll, unless the records of the last poll are still in flight: act on a requested
	 * pause or resume, then fetch from the partitions assigned, up to what was produced.
	 * @param assigned the partitions the consumer may fetch from
	 * @param produced the end offset of each partition
	 */
	void poll(Set<Integer> assigned, long[] produced) {
		if (!this.inFlight.isEmpty()) {
			return;
		}
		if (this.pauseRequested) {
			if (!this.paused) {
				this.paused = true;
				progressed();
			}
			return;
		}
		if (this.paused) {
			// Resumed partitions start again where the group, or a handover, says
			this.paused = false;
			this.positions.clear();
		}
		if (!this.instance.mayConsume()) {
			this.positions.clear();
			return;
		}
		for (int partition : new TreeSet<>(assigned)) {
			long position = this.positions.computeIfAbsent(partition, this.instance::startingPosition);
			long fetched = Math.min(produced[partition] - position, MAX_FETCH);
			for (long offset = position; offset < position + fetched; offset++) {
				this.inFlight.add(new Record(partition, offset));
			}
			this.positions.put(partition, position + Math.max(fetched, 0));
		}
		if (!this.inFlight.isEmpty()) {
			processNext(this.batch);
		}
	}

	private void processNext(long batch) {
		Duration processing = Duration.ofMillis(this.random.nextInt(MAX_PROCESSING_MILLIS)).plus(this.slowdown);
		this.slowdown = Duration.ZERO;
		this.time.schedule(processing, this.alive, () -> {
			if (this.batch != batch) {
				return;
			}
			Record record = this.inFlight.remove(0);
			// Processed and committed at once: the record counts as processed only with
			// its commit, so that a crash leaves nothing processed twice
			this.offsets.commit(this.instance.group(), record.partition(), record.offset() + 1);
			this.processed.processed(record.partition(), record.offset(), this.instance.joinedMember());
			if (this.inFlight.isEmpty()) {
				progressed();
			}
			else {
				processNext(batch);
			}
		});
	}

	/**
	 * Forget the position of a partition the consumer no longer owns.
	 */
	void disown(int partition) {
		this.positions.remove(partition);
	}

	/**
	 * Give the records in flight up unprocessed, as a consumer out of its group does: the
	 * partition's next owner processes them from the committed offset.
	 */
	void giveUp() {
		this.batch++;
		this.inFlight.clear();
		this.positions.clear();
		progressed();
	}

	/**
	 * Make the next record take longer to process, as a slow call of the listener's does.
	 */
	void slowDown(Duration slowdown) {
		this.slowdown = slowdown;
	}

	/**
	 * Where processed records go.
	 */
	@FunctionalInterface
	interface Processed {

		void processed(int partition, long offset, @Nullable String member);

	}

	private record Record(int partition, long offset) {

	}

}
