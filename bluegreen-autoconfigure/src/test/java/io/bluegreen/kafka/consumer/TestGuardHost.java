package io.bluegreen.kafka.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * A {@link GuardHost} whose answers a test sets and whose signals it counts.
 *
 * @author bluegreen
 */
class TestGuardHost implements GuardHost {

	boolean mustRestart;

	boolean mustPause;

	long epoch;

	boolean stopping;

	boolean tracksRecords;

	boolean mayStopBetweenRecords;

	boolean stopsBetweenRecords;

	final Map<TopicPartition, Long> acknowledged = new HashMap<>();

	boolean recordsInFlight;

	@Nullable CompletableFuture<?> admission;

	int admissionsRequested;

	final Map<TopicPartition, Long> handoverOffsets = new HashMap<>();

	int commits;

	final List<ConsumerView> published = new ArrayList<>();

	int fetchedWhilePaused;

	int closed;

	/**
	 * Request a pause, as the lifecycle does, with a new epoch.
	 */
	void pause() {
		this.mustPause = true;
		this.epoch++;
	}

	/**
	 * Request a resume, as the lifecycle does, with a new epoch.
	 */
	void resume() {
		this.mustPause = false;
		this.epoch++;
	}

	@Override
	public boolean bind(@Nullable String groupId) {
		return this.mustRestart;
	}

	@Override
	public long epoch() {
		return this.epoch;
	}

	@Override
	public boolean mustPause() {
		return this.mustPause;
	}

	@Override
	public boolean stopping() {
		return this.stopping;
	}

	@Override
	public boolean tracksRecords() {
		return this.tracksRecords;
	}

	@Override
	public boolean mayStopBetweenRecords() {
		return this.mayStopBetweenRecords;
	}

	@Override
	public boolean stopsBetweenRecords() {
		return this.stopsBetweenRecords;
	}

	@Override
	public Map<TopicPartition, Long> acknowledgedOnceFinished(Collection<TopicPartition> partitions) {
		if (this.recordsInFlight) {
			return Map.of();
		}
		Map<TopicPartition, Long> acknowledged = new HashMap<>(this.acknowledged);
		acknowledged.keySet().retainAll(partitions);
		return acknowledged;
	}

	@Override
	public @Nullable CompletableFuture<?> requestAdmission() {
		this.admissionsRequested++;
		return this.admission;
	}

	@Override
	public @Nullable Long handoverOffset(@Nullable String groupId, TopicPartition partition) {
		return this.handoverOffsets.remove(partition);
	}

	@Override
	public void committed() {
		this.commits++;
	}

	@Override
	public void published(ConsumerView previous, ConsumerView view) {
		this.published.add(view);
	}

	@Override
	public void fetchedWhilePaused(int records, Collection<TopicPartition> partitions) {
		this.fetchedWhilePaused += records;
	}

	@Override
	public void closed() {
		this.closed++;
	}

}
