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
import java.util.function.Function;

import io.bluegreen.fleet.ColorOffsets;
import io.bluegreen.fleet.GroupMembership;
import io.bluegreen.fleet.PartitionOffset;

/**
 * The groups' committed offsets and members in memory. A group's members are the running
 * instances of its color, and the instances that crashed less than a session timeout ago:
 * a killed consumer stays a member until its session expires. Reads and copies fail at a
 * given rate, as they do while a coordinator moves; a copy may fail after it was written.
 */
final class SimOffsets implements ColorOffsets, GroupMembership {

	static final String TOPIC = "orders";

	private final Map<String, Map<Integer, Long>> committed = new HashMap<>();

	private final Function<String, Set<String>> members;

	private final Random random;

	private final double failures;

	SimOffsets(Function<String, Set<String>> members, Random random, double failures) {
		this.members = members;
		this.random = random;
		this.failures = failures;
	}

	private void maybeFail(String what) {
		if (this.random.nextDouble() < this.failures) {
			throw new IllegalStateException("Could not " + what + ": coordinator moving");
		}
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
	public Map<String, List<PartitionOffset>> copy(Map<String, String> sources) {
		maybeFail("read the offsets");
		Map<String, List<PartitionOffset>> copied = new HashMap<>();
		sources.forEach((target, source) -> copied.put(target, committedList(source)));
		copied.forEach(
				(target, offsets) -> offsets.forEach((offset) -> commit(target, offset.partition(), offset.offset())));
		maybeFail("learn whether the offsets were committed");
		return copied;
	}

	@Override
	public Map<String, List<PartitionOffset>> copyForward(Map<String, String> sources) {
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
	public void awaitReadable(Map<String, List<PartitionOffset>> copied, Duration timeout) {
		// Readable as soon as written
	}

	@Override
	public Set<String> memberIds(String group) {
		maybeFail("read the members of " + group);
		return this.members.apply(group);
	}

	record Crash(String memberId, String color, Instant at) {

	}

}
