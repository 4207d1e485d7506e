package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard's decisions against Kafka's {@link MockConsumer}: which partitions it pauses
 * and resumes, which records reach the listener, what it commits, where it continues
 * after a handover, and what it tells its {@link GuardHost}. The proofs against a real
 * broker are the {@code *IntegrationTests} of this package.
 *
 * @author bluegreen
 */
class GuardedConsumerTests {

	private static final Duration POLL = Duration.ofMillis(30);

	private static final TopicPartition P0 = new TopicPartition("orders", 0);

	private static final TopicPartition P1 = new TopicPartition("orders", 1);

	private final TestGuardHost host = new TestGuardHost();

	private MockConsumer<Object, Object> kafka;

	private GuardedConsumer guard;

	@BeforeEach
	void createGuard() {
		this.kafka = new MockConsumer<>("earliest");
		this.kafka.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
		this.guard = new GuardedConsumer(this.kafka, this.host);
	}

	@Test
	void pauseHoldsEveryPartitionAtThePollAndNoRecordReachesTheListenerUntilResumed() {
		this.guard.assign(List.of(P0, P1));
		addRecords(P0, 0, 3);
		addRecords(P1, 0, 2);
		this.host.pause();
		assertThat(this.guard.poll(POLL)).isEmpty();
		assertThat(this.kafka.paused()).containsExactlyInAnyOrder(P0, P1);
		assertThat(this.guard.paused()).as("the container sees only its own pauses").isEmpty();
		ConsumerView view = this.guard.view();
		assertThat(view.paused()).isTrue();
		assertThat(view.epoch()).isEqualTo(this.host.epoch);
		assertThat(view.positions()).isEqualTo(Map.of(P0, 0L, P1, 0L));
		this.host.resume();
		assertThat(offsets(this.guard.poll(POLL))).isEqualTo(Map.of(P0, List.of(0L, 1L, 2L), P1, List.of(0L, 1L)));
		assertThat(this.kafka.paused()).isEmpty();
		assertThat(this.guard.view().paused()).isFalse();
	}

	@Test
	void containerResumeDoesNotReachAConsumerPausedByBlueGreen() {
		this.guard.assign(List.of(P0, P1));
		addRecords(P0, 0, 1);
		this.guard.pause(List.of(P0));
		this.host.pause();
		this.guard.poll(POLL);
		this.guard.resume(List.of(P0));
		assertThat(this.kafka.paused()).containsExactlyInAnyOrder(P0, P1);
		assertThat(this.guard.poll(POLL)).isEmpty();
	}

	@Test
	void resumeLeavesTheContainersOwnPausesInPlace() {
		this.guard.assign(List.of(P0, P1));
		addRecords(P0, 0, 2);
		addRecords(P1, 0, 2);
		this.guard.pause(List.of(P0));
		this.host.pause();
		this.guard.poll(POLL);
		this.host.resume();
		assertThat(offsets(this.guard.poll(POLL))).isEqualTo(Map.of(P1, List.of(0L, 1L)));
		assertThat(this.kafka.paused()).containsExactly(P0);
		assertThat(this.guard.paused()).containsExactly(P0);
	}

	@Test
	void partitionsAssignedWhilePausedArePausedBeforeTheListenerRunsAndBeforeAnyFetch() {
		List<Set<TopicPartition>> pausedWhenAssigned = new ArrayList<>();
		this.guard.subscribe(List.of("orders"), new ConsumerRebalanceListener() {

			@Override
			public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			}

			@Override
			public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
				pausedWhenAssigned.add(Set.copyOf(GuardedConsumerTests.this.kafka.paused()));
			}

		});
		this.host.pause();
		this.kafka.rebalance(List.of(P0, P1));
		assertThat(pausedWhenAssigned).containsExactly(Set.of(P0, P1));
		addRecords(P0, 0, 2);
		assertThat(this.guard.poll(POLL)).isEmpty();
		assertThat(this.guard.view().assignment()).containsExactlyInAnyOrder(P0, P1);
		assertThat(this.guard.view().positions()).isEqualTo(Map.of(P0, 0L, P1, 0L));
	}

	@Test
	void newPartitionsWaitForTheirAdmission() {
		CompletableFuture<Void> admission = new CompletableFuture<>();
		this.host.admission = admission;
		this.guard.assign(List.of(P0));
		addRecords(P0, 0, 2);
		assertThat(this.guard.poll(POLL)).isEmpty();
		assertThat(this.guard.admitting()).isTrue();
		admission.complete(null);
		assertThat(offsets(this.guard.poll(POLL))).isEqualTo(Map.of(P0, List.of(0L, 1L)));
		assertThat(this.guard.admitting()).isFalse();
	}

	@Test
	void aFailedAdmissionIsAskedForAgain() {
		CompletableFuture<Void> failed = CompletableFuture.failedFuture(new IllegalStateException("fenced"));
		this.host.admission = failed;
		this.guard.assign(List.of(P0));
		addRecords(P0, 0, 1);
		this.host.admission = new CompletableFuture<>();
		assertThat(this.guard.poll(POLL)).isEmpty();
		assertThat(this.host.admissionsRequested).isEqualTo(2);
		assertThat(this.kafka.paused()).containsExactly(P0);
	}

	@Test
	void resumedPartitionsContinueAtTheHandoverOffsetButNeverGoBack() {
		this.guard.assign(List.of(P0, P1));
		addRecords(P0, 0, 8);
		addRecords(P1, 0, 8);
		this.kafka.seek(P1, 6);
		this.host.pause();
		this.guard.poll(POLL);
		this.host.handoverOffsets.put(P0, 5L);
		this.host.handoverOffsets.put(P1, 3L);
		this.host.resume();
		assertThat(offsets(this.guard.poll(POLL))).isEqualTo(Map.of(P0, List.of(5L, 6L, 7L), P1, List.of(6L, 7L)));
	}

	@Test
	void whilePausedATrackedListenerNeverCommitsBackwardsNorForAPartitionItLost() {
		this.host.tracksRecords = true;
		this.guard.assign(List.of(P0, P1));
		this.host.pause();
		this.guard.poll(POLL);
		TopicPartition gone = new TopicPartition("orders", 7);
		this.guard.commitSync(Map.of(P0, new OffsetAndMetadata(10)));
		this.guard.commitSync(
				Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(4), gone, new OffsetAndMetadata(9)));
		assertThat(committed(P0, P1, gone)).isEqualTo(Map.of(P0, 10L, P1, 4L));
		assertThat(this.host.commits).isEqualTo(2);
	}

	@Test
	void anActiveListenerCommitsWhatTheContainerCommits() {
		this.host.tracksRecords = true;
		this.guard.assign(List.of(P0));
		this.guard.poll(POLL);
		this.guard.commitSync(Map.of(P0, new OffsetAndMetadata(10)));
		this.guard.commitSync(Map.of(P0, new OffsetAndMetadata(5)));
		assertThat(committed(P0)).isEqualTo(Map.of(P0, 5L));
	}

	@Test
	void oncePausedAndFinishedWhatTheListenerAcknowledgedIsCommittedUpToThePosition() {
		this.host.tracksRecords = true;
		this.guard.assign(List.of(P0, P1));
		addRecords(P0, 0, 6);
		addRecords(P1, 0, 6);
		assertThat(this.guard.poll(POLL).count()).isEqualTo(12);
		this.guard.commitSync(Map.of(P0, new OffsetAndMetadata(2), P1, new OffsetAndMetadata(2)));
		this.host.acknowledged.put(P0, 4L);
		this.host.acknowledged.put(P1, 9L);
		this.host.recordsInFlight = true;
		this.host.pause();
		this.guard.poll(POLL);
		assertThat(committed(P0, P1)).as("records in flight").isEqualTo(Map.of(P0, 2L, P1, 2L));
		this.host.recordsInFlight = false;
		this.guard.poll(POLL);
		assertThat(committed(P0, P1)).as("never past the position").isEqualTo(Map.of(P0, 4L, P1, 6L));
	}

	@Test
	void recordsAPausedPollReturnsAreNeverHandedToTheListenerAndAreFetchedAgain() {
		MockConsumer<Object, Object> ignoringPauses = new MockConsumer<>("earliest") {

			@Override
			public synchronized ConsumerRecords<Object, Object> poll(Duration timeout) {
				Set<TopicPartition> paused = Set.copyOf(paused());
				resume(paused);
				try {
					return super.poll(timeout);
				}
				finally {
					pause(paused);
				}
			}

		};
		ignoringPauses.updateBeginningOffsets(Map.of(P0, 0L));
		GuardedConsumer guard = new GuardedConsumer(ignoringPauses, this.host);
		guard.assign(List.of(P0));
		this.host.pause();
		guard.poll(POLL);
		for (int offset = 0; offset < 3; offset++) {
			ignoringPauses.addRecord(new ConsumerRecord<>(P0.topic(), P0.partition(), offset, "key", "value"));
		}
		assertThat(guard.poll(POLL)).isEmpty();
		assertThat(this.host.fetchedWhilePaused).isEqualTo(3);
		assertThat(ignoringPauses.position(P0)).isZero();
	}

	/**
	 * A transactional listener commits each record in a transaction of its own, a round
	 * trip to the broker or more: a drain that waited for every record of the poll took
	 * 0.7 to 0.9 s at 100 records/s with 20 records a poll.
	 */
	@Test
	void aPauseStopsATransactionalListenerAtTheNextRecordAndTheRestIsFetchedAgain() {
		transactionalListenerWithFiveRecords();
		ConsumerRecords<Object, Object> records = this.guard.poll(POLL);
		Iterator<ConsumerRecord<Object, Object>> handed = records.iterator();
		assertThat(handed.hasNext()).isTrue();
		ConsumerRecord<Object, Object> first = handed.next();
		this.host.pause();
		assertThat(handed.hasNext()).as("no record after the pause").isFalse();
		TopicPartition firstPartition = new TopicPartition(first.topic(), first.partition());
		TopicPartition other = firstPartition.equals(P0) ? P1 : P0;
		assertThat(this.kafka.position(firstPartition)).as("after the record handed").isEqualTo(first.offset() + 1);
		assertThat(this.kafka.position(other)).as("none of it handed").isZero();
		this.guard.poll(POLL);
		assertThat(this.guard.view().positions()).isEqualTo(Map.of(firstPartition, 1L, other, 0L));
		// The broker still has them
		addRecords(P0, 0, 3);
		addRecords(P1, 0, 2);
		this.host.resume();
		Map<TopicPartition, List<Long>> again = offsets(this.guard.poll(POLL));
		assertThat(again.get(firstPartition))
			.isEqualTo(LongStream.range(1, firstPartition.equals(P0) ? 3 : 2).boxed().toList());
		assertThat(again.get(other)).isEqualTo(LongStream.range(0, other.equals(P0) ? 3 : 2).boxed().toList());
	}

	/**
	 * A listener that runs its transactions by hand is known as such only once its first
	 * transaction carried offsets, which may be during the poll: an instance's first poll
	 * after it became active was handed whole, and a switch during it waited for every
	 * record, 0.6 s at 20 records a poll in the benchmark.
	 */
	@Test
	void aListenerFirstSeenCommittingInTransactionsDuringThePollStopsAtTheNextRecord() {
		this.host.mayStopBetweenRecords = true;
		Iterator<ConsumerRecord<Object, Object>> handed = firstOfThreeHanded();
		this.host.stopsBetweenRecords = true;
		this.host.pause();
		assertThat(handed.hasNext()).as("no record after the pause").isFalse();
		assertThat(this.kafka.position(P0)).isEqualTo(1);
	}

	@ParameterizedTest(name = "in an application whose producers run transactions: {0}")
	@ValueSource(booleans = { false, true })
	void aPauseLetsAListenerThatCommitsNoOffsetsInTransactionsFinishThePoll(boolean transactionCapable) {
		this.host.mayStopBetweenRecords = transactionCapable;
		Iterator<ConsumerRecord<Object, Object>> handed = firstOfThreeHanded();
		this.host.pause();
		List<Long> rest = new ArrayList<>();
		handed.forEachRemaining((record) -> rest.add(record.offset()));
		assertThat(rest).as("the rest of the poll").containsExactly(1L, 2L);
		assertThat(this.kafka.position(P0)).isEqualTo(3);
	}

	/**
	 * A listener that stops between records, with three records of P0 and two of P1 to
	 * poll.
	 */
	private void transactionalListenerWithFiveRecords() {
		this.host.mayStopBetweenRecords = true;
		this.host.stopsBetweenRecords = true;
		this.guard.assign(List.of(P0, P1));
		addRecords(P0, 0, 3);
		addRecords(P1, 0, 2);
	}

	/**
	 * Poll three records of one partition and hand the first to the listener.
	 */
	private Iterator<ConsumerRecord<Object, Object>> firstOfThreeHanded() {
		this.guard.assign(List.of(P0));
		addRecords(P0, 0, 3);
		Iterator<ConsumerRecord<Object, Object>> handed = this.guard.poll(POLL).iterator();
		handed.next();
		return handed;
	}

	@Test
	void withoutAPauseATransactionalListenerIsHandedEveryRecordOfThePoll() {
		transactionalListenerWithFiveRecords();
		assertThat(offsets(this.guard.poll(POLL))).isEqualTo(Map.of(P0, List.of(0L, 1L, 2L), P1, List.of(0L, 1L)));
		assertThat(this.kafka.position(P0)).isEqualTo(3);
		assertThat(this.kafka.position(P1)).isEqualTo(2);
	}

	@Test
	void aConsumerWhoseContainerRestartsNeverPolls() {
		this.host.mustRestart = true;
		this.guard.assign(List.of(P0));
		addRecords(P0, 0, 2);
		assertThat(this.guard.poll(POLL)).isEmpty();
		assertThat(this.kafka.position(P0)).isZero();
		assertThat(this.host.published).isEmpty();
	}

	@Test
	void aChangedViewAndACommitAndACloseAreSignalled() {
		this.guard.assign(List.of(P0));
		this.guard.poll(POLL);
		this.guard.poll(POLL);
		assertThat(this.host.published).hasSize(1);
		this.host.pause();
		this.guard.poll(POLL);
		assertThat(this.host.published).hasSize(2);
		this.guard.commitAsync(Map.of(P0, new OffsetAndMetadata(0)), (offsets, ex) -> {
		});
		assertThat(this.host.commits).isEqualTo(1);
		this.guard.close();
		assertThat(this.host.closed).isEqualTo(1);
		assertThat(this.kafka.closed()).isTrue();
	}

	private void addRecords(TopicPartition partition, long from, int count) {
		for (long offset = from; offset < from + count; offset++) {
			this.kafka
				.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "key", "value"));
		}
	}

	private static Map<TopicPartition, List<Long>> offsets(ConsumerRecords<Object, Object> records) {
		Map<TopicPartition, List<Long>> offsets = new HashMap<>();
		for (ConsumerRecord<Object, Object> record : records) {
			offsets.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), (key) -> new ArrayList<>())
				.add(record.offset());
		}
		return offsets;
	}

	private Map<TopicPartition, Long> committed(TopicPartition... partitions) {
		Map<TopicPartition, Long> committed = new HashMap<>();
		this.kafka.committed(Set.of(partitions)).forEach((partition, offset) -> {
			if (offset != null) {
				committed.put(partition, offset.offset());
			}
		});
		return committed;
	}

}
