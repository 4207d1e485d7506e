package io.bluegreen.fleet;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.lang.Contract;

/**
 * Checks that a record read from the control topic is one the protocol can have written:
 * every required field present, every number in its range. The codec checks that the key
 * and the value agree; the {@link ControlLogFold} checks that a state follows the log.
 *
 * @author bluegreen
 */
public final class ControlRecordValidation {

	private ControlRecordValidation() {
	}

	/**
	 * Check a record.
	 * @param record the record as read
	 * @throws InvalidControlRecordException if it is not valid
	 */
	public static void check(ControlRecord record) {
		if (record instanceof ControlRecord.Proposal proposal) {
			check(proposal.state());
		}
		else if (record instanceof ControlRecord.Decision decision) {
			check(decision.state());
		}
		else if (record instanceof ControlRecord.ProposalRemoval removal) {
			required("proposalId", removal.proposalId());
		}
		else if (record instanceof ControlRecord.DecisionRemoval removal) {
			atLeast("version", removal.version(), 1);
		}
		else if (record instanceof ControlRecord.Report report) {
			check(report.report());
		}
		else if (record instanceof ControlRecord.Withdrawal withdrawal) {
			required("instanceId", withdrawal.instanceId());
		}
	}

	private static void check(@Nullable DesiredState state) {
		present("state", state);
		required("proposalId", state.proposalId());
		atLeast("version", state.version(), 1);
		required("active", state.active());
		atLeast("epoch", state.epoch(), 1);
		required("writer", state.writer());
		present("writtenAt", state.writtenAt());
		offsets("handover", state.handover());
		SwitchInProgress inProgress = state.switchInProgress();
		if (inProgress != null) {
			required("switchInProgress.id", inProgress.id());
			required("switchInProgress.from", inProgress.from());
			required("switchInProgress.to", inProgress.to());
			required("switchInProgress.coordinator", inProgress.coordinator());
			present("switchInProgress.startedAt", inProgress.startedAt());
			present("switchInProgress.deadline", inProgress.deadline());
			if (inProgress.from().equals(inProgress.to())) {
				throw new InvalidControlRecordException(ControlRecordProblem.OUT_OF_RANGE,
						"switchInProgress.from and switchInProgress.to are both '" + inProgress.to() + "'");
			}
			atLeast("switchInProgress.epoch", inProgress.epoch(), state.epoch() + 1);
		}
		EndedSwitch ended = state.lastSwitch();
		if (ended != null) {
			required("lastSwitch.id", ended.id());
			required("lastSwitch.from", ended.from());
			required("lastSwitch.to", ended.to());
			present("lastSwitch.outcome", ended.outcome());
			present("lastSwitch.startedAt", ended.startedAt());
			present("lastSwitch.endedAt", ended.endedAt());
			present("lastSwitch.unanswered", ended.unanswered());
			atLeast("lastSwitch.epoch", ended.epoch(), 1);
		}
	}

	private static void check(@Nullable InstanceReport report) {
		present("report", report);
		required("instanceId", report.instanceId());
		required("color", report.color());
		present("state", report.state());
		atLeast("epoch", report.epoch(), 0);
		atLeast("version", report.version(), 0);
		present("reportedAt", report.reportedAt());
		report.groups().forEach((group, colorGroup) -> {
			required("groups key", group);
			required("groups." + group, colorGroup);
		});
		report.members().forEach((member) -> required("members[]", member));
		offsets("committed", report.committed());
	}

	private static void offsets(String field, @Nullable Map<String, List<PartitionOffset>> offsets) {
		present(field, offsets);
		offsets.forEach((group, partitions) -> {
			required(field + " key", group);
			present(field + "." + group, partitions);
			for (PartitionOffset offset : partitions) {
				present(field + "." + group + "[]", offset);
				required(field + "." + group + "[].topic", offset.topic());
				atLeast(field + "." + group + "[].partition", offset.partition(), 0);
				atLeast(field + "." + group + "[].offset", offset.offset(), 0);
			}
		});
	}

	@Contract("_, null -> fail")
	private static void present(String field, @Nullable Object value) {
		if (value == null) {
			throw new InvalidControlRecordException(ControlRecordProblem.MISSING_FIELD, field + " is missing");
		}
	}

	@Contract("_, null -> fail")
	private static void required(String field, @Nullable String value) {
		present(field, value);
		if (value.isBlank()) {
			throw new InvalidControlRecordException(ControlRecordProblem.MISSING_FIELD, field + " is blank");
		}
	}

	private static void atLeast(String field, long value, long minimum) {
		if (value < minimum) {
			throw new InvalidControlRecordException(ControlRecordProblem.OUT_OF_RANGE,
					field + " is " + value + "; it must be at least " + minimum);
		}
	}

}
