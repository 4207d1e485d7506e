package io.bluegreen.fleet.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.bluegreen.fleet.ColorOffsets;
import io.bluegreen.fleet.GroupMembership;
import io.bluegreen.fleet.PartitionOffset;

/**
 * The groups' committed offsets and members in memory. A group's members are the running
 * instances of its color, and the instances that crashed less than a session timeout ago:
 * a killed consumer stays a member until its session expires. Reads and copies fail at a
 * given rate, as they do while a coordinator moves; a copy may fail after it was written.
 * Every call is answered a few virtual milliseconds later, as a completion.
 */
final class SimOffsets implements ColorOffsets, GroupMembership {

	static final String TOPIC = "orders";

	private final Map<String, Map<Integer, Long>> committed = new HashMap<>();

	private final Function<String, Set<String>> members;

	private final Random random;

	private final double failures;

	private final VirtualTime time;

	private final Random latencies;

	SimOffsets(Function<String, Set<String>> members, Random random, double failures, VirtualTime time,
			Random latencies) {
		this.members = members;
		this.random = random;
		this.failures = failures;
		this.time = time;
		this.latencies = latencies;
	}

	private void maybeFail(String what) {
		if (this.random.nextDouble() < this.failures) {
			throw new IllegalStateException("Could not " + what + ": coordinator moving");
		}
	}

	/**
	 * Answer a call to the broker as a completion, a few virtual milliseconds later: the
	 * call runs then, as it would on an I/O thread, and the caller goes on meanwhile.
	 */
	private <T> CompletableFuture<T> later(Supplier<T> call) {
		BrokerAnswer<T> answer = new BrokerAnswer<>();
		this.time.schedule(Duration.ofMillis(this.latencies.nextInt(5)), () -> true, () -> {
			try {
				answer.complete(call.get());
			}
			catch (IllegalStateException ex) {
				answer.completeExceptionally(ex);
			}
		});
		return answer;
	}

	void commit(String group, int partition, long offset) {
		this.committed.computeIfAbsent(group, (key) -> new TreeMap<>()).put(partition, offset);
	}

	long committed(String group, int partition) {
		return this.committed.getOrDefault(group, Map.of()).getOrDefault(partition, 0L);
	}

	List<PartitionOffset> committedList(String group) {
		List<PartitionOffset> list = new ArrayList<>();
		this.committed.getOrDefault(group, Map.of())
			.forEach((partition, offset) -> list.add(new PartitionOffset(TOPIC, partition, offset)));
		return list;
	}

	@Override
	public CompletableFuture<Map<String, List<PartitionOffset>>> copy(Map<String, String> sources) {
		return later(() -> copyNow(sources));
	}

	private Map<String, List<PartitionOffset>> copyNow(Map<String, String> sources) {
		maybeFail("read the offsets");
		Map<String, List<PartitionOffset>> copied = new HashMap<>();
		sources.forEach((target, source) -> copied.put(target, committedList(source)));
		copied.forEach(
				(target, offsets) -> offsets.forEach((offset) -> commit(target, offset.partition(), offset.offset())));
		maybeFail("learn whether the offsets were committed");
		return copied;
	}

	@Override
	public CompletableFuture<Map<String, List<PartitionOffset>>> copyForward(Map<String, String> sources) {
		return later(() -> copyForwardNow(sources));
	}

	private Map<String, List<PartitionOffset>> copyForwardNow(Map<String, String> sources) {
		maybeFail("read the offsets");
		Map<String, List<PartitionOffset>> copied = new HashMap<>();
		sources.forEach((target, source) -> copied.put(target,
				committedList(source).stream()
					.filter((offset) -> committed(target, offset.partition()) < offset.offset())
					.toList()));
		copied.forEach(
				(target, offsets) -> offsets.forEach((offset) -> commit(target, offset.partition(), offset.offset())));
		maybeFail("learn whether the offsets were committed");
		return copied;
	}

	@Override
	public CompletableFuture<Void> awaitReadable(Map<String, List<PartitionOffset>> copied, Duration timeout) {
		// Readable as soon as written
		return later(() -> null);
	}

	@Override
	public CompletableFuture<Set<String>> memberIds(String group) {
		return later(() -> {
			maybeFail("read the members of " + group);
			return this.members.apply(group);
		});
	}

	record Crash(String memberId, String color, Instant at) {

	}

	/**
	 * The broker's answer to a call of the fleet, and every stage derived from it: in the
	 * simulation's single thread, waiting for one would wait forever, so a fleet that
	 * waits for the broker fails the run instead.
	 */
	static final class BrokerAnswer<T> extends CompletableFuture<T> {

		@Override
		public <U> CompletableFuture<U> newIncompleteFuture() {
			return new BrokerAnswer<>();
		}

		@Override
		public T get() {
			throw waited();
		}

		@Override
		public T get(long timeout, TimeUnit unit) {
			throw waited();
		}

		@Override
		public T join() {
			throw waited();
		}

		private static AssertionError waited() {
			return new AssertionError("the fleet waited for the broker's answer instead of continuing from it");
		}

	}

}
