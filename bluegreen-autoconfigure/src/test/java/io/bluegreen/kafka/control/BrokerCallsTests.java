package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.bluegreen.fleet.PartitionOffset;
import io.bluegreen.kafka.broker.BrokerMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka adapters of the fleet's ports never call the broker on their caller's thread:
 * the call is handed to the I/O executor, and its answer comes back as a completion. The
 * broker is left out: these are decisions about threads, the calls themselves are proven
 * against a real broker by the fleet's integration tests.
 */
class BrokerCallsTests {

	private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

	private final Deque<Runnable> queued = new ArrayDeque<>();

	private final BrokerCalls calls = new BrokerCalls(this.queued::add);

	private final List<String> brokerCalls = new ArrayList<>();

	@Test
	void membersOfAGroupAreAskedOnTheIoExecutorAndComeBackAsACompletion() {
		KafkaGroupMembership membership = new KafkaGroupMembership(new Metadata(), this.calls);

		CompletableFuture<Set<String>> members = membership.memberIds("orders-blue");

		assertThat(members).as("answered before the broker was asked").isNotDone();
		assertThat(this.brokerCalls).as("calls to the broker on the caller's thread").isEmpty();
		runQueued();
		assertThat(this.brokerCalls).containsExactly("describe orders-blue");
		assertThat(members).isCompletedWithValue(Set.of("member-1"));
	}

	@Test
	void aGroupThatDoesNotExistHasNoMembersAndAFailureCompletesExceptionally() {
		KafkaGroupMembership membership = new KafkaGroupMembership(new Metadata(), this.calls);

		CompletableFuture<Set<String>> missing = membership.memberIds("missing");
		CompletableFuture<Set<String>> failing = membership.memberIds("failing");
		runQueued();

		assertThat(missing).isCompletedWithValue(Set.of());
		assertThat(failing).isCompletedExceptionally();
		assertThat(failing.handle((result, ex) -> ex.getCause())).isCompletedWithValueMatching(
				(ex) -> ex instanceof IllegalStateException && ex.getMessage().contains("coordinator moving"));
	}

	@Test
	void offsetsAreCopiedOnTheIoExecutor() {
		Writer writer = new Writer();
		KafkaColorOffsets offsets = new KafkaColorOffsets(new Metadata(), writer, this.calls);

		CompletableFuture<Map<String, List<PartitionOffset>>> copied = offsets
			.copy(Map.of("orders-green", "orders-blue"));
		CompletableFuture<Map<String, List<PartitionOffset>>> forward = offsets
			.copyForward(Map.of("orders-green", "orders-blue"));

		assertThat(copied).isNotDone();
		assertThat(forward).isNotDone();
		assertThat(this.brokerCalls).as("calls to the broker on the caller's thread").isEmpty();
		assertThat(writer.commits).isEmpty();
		runQueued();
		assertThat(copied).isCompletedWithValue(Map.of("orders-green", List.of(new PartitionOffset("orders", 0, 42))));
		assertThat(forward).isCompletedWithValue(Map.of("orders-green", List.of(new PartitionOffset("orders", 0, 42))));
		assertThat(writer.commits).hasSize(2);
	}

	@Test
	void readableOffsetsAreAskedForAgainWithoutAThreadWaitingBetweenTheReads() {
		AtomicInteger reads = new AtomicInteger();
		Metadata metadata = new Metadata() {

			@Override
			public Map<TopicPartition, Long> committedOffsets(String groupId) {
				// The transaction's markers land at the third read
				return (reads.incrementAndGet() < 3) ? Map.of(ORDERS_0, 41L) : Map.of(ORDERS_0, 42L);
			}

		};
		// Runs each call on the thread that hands it over: the JDK's delayer between
		// reads
		KafkaColorOffsets offsets = new KafkaColorOffsets(metadata, new Writer(), new BrokerCalls(Runnable::run));

		CompletableFuture<Void> readable = offsets.awaitReadable(
				Map.of("orders-green", List.of(new PartitionOffset("orders", 0, 42))), Duration.ofSeconds(30));

		await().atMost(Duration.ofSeconds(30)).until(readable::isDone);
		assertThat(readable).isCompleted();
		assertThat(reads).hasValue(3);
	}

	@Test
	void offsetsThatDoNotBecomeReadableInTimeFailTheCompletion() {
		KafkaColorOffsets offsets = new KafkaColorOffsets(new Metadata(), new Writer(), new BrokerCalls(Runnable::run));

		CompletableFuture<Void> readable = offsets.awaitReadable(
				Map.of("orders-green", List.of(new PartitionOffset("orders", 0, 99))), Duration.ofMillis(50));

		await().atMost(Duration.ofSeconds(30)).until(readable::isDone);
		assertThat(readable.handle((result, ex) -> ex.getCause())).isCompletedWithValueMatching(
				(ex) -> ex instanceof IllegalStateException && ex.getMessage().contains("did not become readable"));
	}

	private void runQueued() {
		while (!this.queued.isEmpty()) {
			this.queued.poll().run();
		}
	}

	/**
	 * Answers as the broker would, and records each call.
	 */
	private class Metadata extends BrokerMetadata {

		Metadata() {
			super(() -> {
				throw new IllegalStateException("No admin client: the broker is left out");
			});
		}

		@Override
		public ConsumerGroup describe(String groupId) {
			BrokerCallsTests.this.brokerCalls.add("describe " + groupId);
			if (groupId.equals("missing")) {
				throw new IllegalStateException("Could not read members of group " + groupId,
						new GroupIdNotFoundException(groupId));
			}
			if (groupId.equals("failing")) {
				throw new IllegalStateException("Could not read members of group " + groupId + ": coordinator moving");
			}
			return new ConsumerGroup(true, List.of(new GroupMember("member-1", Set.of(ORDERS_0))));
		}

		@Override
		public Map<TopicPartition, Long> committedOffsets(String groupId,
				@Nullable Collection<TopicPartition> partitions) {
			BrokerCallsTests.this.brokerCalls.add("committed " + groupId);
			return groupId.equals("orders-blue") ? Map.of(ORDERS_0, 42L) : Map.of(ORDERS_0, 40L);
		}

		@Override
		public Map<TopicPartition, Long> lastCompletedOffsets(String groupId) {
			BrokerCallsTests.this.brokerCalls.add("completed " + groupId);
			return Map.of(ORDERS_0, 42L);
		}

	}

	/**
	 * Records the commits instead of sending them.
	 */
	private static final class Writer extends GroupOffsetsWriter {

		private final List<Map<String, Map<TopicPartition, Long>>> commits = new ArrayList<>();

		Writer() {
			super(() -> {
				throw new IllegalStateException("No producer: the broker is left out");
			});
		}

		@Override
		public synchronized void commit(Map<String, Map<TopicPartition, Long>> offsets) {
			this.commits.add(new HashMap<>(offsets));
		}

	}

}
