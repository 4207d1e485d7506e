package io.bluegreen.fleet.simulation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.ControlRecordRefusals;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.InvalidControlRecordException;
import io.bluegreen.kafka.control.ControlRecordCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control topic's one partition in memory: records get consecutive offsets, keys as
 * the Kafka codec gives them, and compaction keeps the last record of every key outside
 * the active segment. The topic can be lost: deleted and created anew, empty, with
 * offsets from zero again and a new topic id. Beside it, the truth: the fold of every
 * record ever appended, never compacted nor lost, and the proposal it decided for each
 * version.
 */
final class SimLog {

	private static final int ACTIVE_SEGMENT = 3;

	private final TreeMap<Long, Entry> entries = new TreeMap<>();

	private final ControlRecordCodec codec;

	private final ControlLogFold truth;

	// Whether the topic, since it was last created anew, holds a record of the decided
	// state: until then, only the instances that hold it can write it
	private boolean truthWritten = true;

	private final Map<Long, DesiredState> decided = new HashMap<>();

	// Proposals a reader of an earlier topic wrote, which landed in a topic created anew
	private final Map<String, DesiredState> crossed = new HashMap<>();

	private final List<Runnable> appendListeners = new ArrayList<>();

	private long end;

	// The topic id: a new one whenever the topic is created anew
	private int generation;

	private int losses;

	SimLog(String deployment) {
		this.codec = new ControlRecordCodec(deployment, JsonMapper.builder().build());
		this.truth = new ControlLogFold(deployment);
	}

	void onAppend(Runnable listener) {
		this.appendListeners.add(listener);
	}

	long append(ControlRecord record) {
		return append(new Entry(this.end, this.codec.key(record), null, record));
	}

	/**
	 * Append a record a reader wrote, as a Kafka producer delivers it: into the topic
	 * there is when it lands, which may have been created anew since the reader read the
	 * state the record derives from.
	 * @param record the record
	 * @param generation the topic the reader read when it wrote the record
	 */
	long append(ControlRecord record, int generation) {
		if (generation != this.generation && record instanceof ControlRecord.Proposal proposal) {
			this.crossed.put(proposal.state().proposalId(), proposal.state());
		}
		return append(record);
	}

	/**
	 * Return whether a proposal was written by a reader of an earlier topic and landed in
	 * one created anew.
	 */
	boolean crossed(String proposalId) {
		return this.crossed.containsKey(proposalId);
	}

	/**
	 * Return the proposals written by a reader of an earlier topic that landed in one
	 * created anew.
	 */
	Collection<DesiredState> crossed() {
		return this.crossed.values();
	}

	/**
	 * Append what a mistaken tool writes under the deployment's keys: every reader reads
	 * it through the codec, as from the Kafka topic.
	 */
	long appendRaw(String key, @Nullable String value) {
		return append(new Entry(this.end, key, value, null));
	}

	private long append(Entry entry) {
		long offset = this.end++;
		this.entries.put(offset, entry);
		DesiredState before = this.truth.desired();
		fold(entry, this.truth);
		DesiredState desired = this.truth.desired();
		if (desired != null && (desired != before || names(entry, desired))) {
			this.truthWritten = true;
		}
		if (desired != null) {
			this.decided.putIfAbsent(desired.version(), desired);
		}
		this.appendListeners.forEach(Runnable::run);
		return offset;
	}

	/**
	 * Fold an entry as a reader does: a record the protocol wrote as it is, what a tool
	 * wrote through the codec, which refuses what is invalid.
	 */
	void fold(Entry entry, ControlLogFold fold) {
		ControlRecord record = entry.record;
		if (record == null) {
			try {
				record = this.codec.read(entry.key, entry.value, entry.offset);
			}
			catch (InvalidControlRecordException ex) {
				fold.refusals().refuse(entry.key, entry.offset, ex.getProblem(), ex.getMessage());
				return;
			}
			if (record == null) {
				return;
			}
		}
		fold.apply(record);
	}

	/**
	 * Lose the topic, as when it is deleted by mistake and created anew: empty, its
	 * offsets starting from zero, under a new topic id. The truth keeps the decided
	 * state, as the readers do.
	 */
	void lose() {
		this.truth.newLog(true);
		this.truthWritten = this.truth.desired() == null;
		this.entries.clear();
		this.end = 0;
		this.generation++;
		this.losses++;
		// The readers' fetches fail at once
		this.appendListeners.forEach(Runnable::run);
	}

	/**
	 * Return whether the topic holds a record of the decided state since it was last
	 * created anew: until then, only the instances that hold the state can write it.
	 */
	boolean truthWritten() {
		return this.truthWritten;
	}

	private static boolean names(Entry entry, DesiredState state) {
		if (entry.record instanceof ControlRecord.Decision decision) {
			return decision.state().proposalId().equals(state.proposalId());
		}
		return entry.record instanceof ControlRecord.Proposal proposal
				&& proposal.state().proposalId().equals(state.proposalId());
	}

	int generation() {
		return this.generation;
	}

	int losses() {
		return this.losses;
	}

	ControlRecordRefusals refusals() {
		return this.truth.refusals();
	}

	ControlRecordCodec codec() {
		return this.codec;
	}

	SortedMap<Long, Entry> from(long position) {
		return this.entries.tailMap(position);
	}

	long end() {
		return this.end;
	}

	DesiredState truth() {
		return this.truth.desired();
	}

	DesiredState decided(long version) {
		return this.decided.get(version);
	}

	Map<Long, DesiredState> decisions() {
		return this.decided;
	}

	/**
	 * Describe the records that decide the state, as the log holds them now.
	 */
	String describe() {
		StringBuilder description = new StringBuilder();
		this.entries.values().forEach((entry) -> {
			if (entry.record instanceof ControlRecord.Proposal proposal) {
				description.append(String.format("%n    %d proposal %s v%d by %s", entry.offset,
						proposal.state().proposalId(), proposal.state().version(), proposal.state().writer()));
			}
			else if (entry.record instanceof ControlRecord.Decision decision) {
				description.append(String.format("%n    %d decision %s v%d", entry.offset,
						decision.state().proposalId(), decision.state().version()));
			}
			else if (entry.record instanceof ControlRecord.ProposalRemoval removal) {
				description.append(String.format("%n    %d removal %s", entry.offset, removal.proposalId()));
			}
		});
		return description.toString();
	}

	/**
	 * Compact everything but the active segment, as Kafka's log cleaner does: keep the
	 * last record of every key, and drop deletions whose retention passed.
	 */
	void compact(Random random) {
		Map<String, Long> last = new HashMap<>();
		this.entries.values().forEach((entry) -> last.put(entry.key, entry.offset));
		long cleanable = this.end - ACTIVE_SEGMENT;
		this.entries.headMap(cleanable).values().removeIf((entry) -> {
			if (last.get(entry.key) != entry.offset) {
				return true;
			}
			boolean deletion = entry.record instanceof ControlRecord.ProposalRemoval
					|| entry.record instanceof ControlRecord.Withdrawal
					|| (entry.record == null && entry.value == null);
			return deletion && random.nextBoolean();
		});
	}

	record Entry(long offset, String key, @Nullable String value, @Nullable ControlRecord record) {

	}

}
