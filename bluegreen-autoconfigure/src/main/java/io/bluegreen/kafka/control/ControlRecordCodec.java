package io.bluegreen.kafka.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.ControlRecordProblem;
import io.bluegreen.fleet.ControlRecordValidation;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.InvalidControlRecordException;
import io.bluegreen.fleet.PartitionOffset;
import io.bluegreen.fleet.SwitchInProgress;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The keys and JSON values of one deployment's records in the control topic. A record of
 * another deployment, or of a kind this version does not know, reads as {@code null}; a
 * record under one of the deployment's keys that is not a valid record is refused with an
 * {@link InvalidControlRecordException}.
 *
 * @author bluegreen
 */
public class ControlRecordCodec {

	private final JsonMapper jsonMapper;

	private final String proposalPrefix;

	private final String decisionPrefix;

	private final String legacyStateKey;

	private final String reportPrefix;

	/**
	 * Create a codec.
	 * @param deployment the deployment
	 * @param jsonMapper the mapper of the values, independent of the application's
	 * customizations, and ignoring properties it does not know: records of a later
	 * version may have more
	 */
	public ControlRecordCodec(String deployment, JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		this.proposalPrefix = "proposal/" + deployment + "/";
		this.decisionPrefix = "decided/" + deployment + "/";
		// Proposals and decisions of the versions before proposals had keys of their own
		this.legacyStateKey = "state/" + deployment;
		this.reportPrefix = "instance/" + deployment + "/";
	}

	/**
	 * Write and read a record of each kind of a switch, so that the mapper builds its
	 * serializers and deserializers now: built when a switch first needs them, they made
	 * the first switch of an instance tens of milliseconds slower than the ones after it.
	 */
	public void warmUp() {
		Instant now = Instant.now();
		DesiredState initial = DesiredState.initial("warm-up-1", "blue", "warm-up", now);
		DesiredState started = initial.start("warm-up-2", new SwitchInProgress("warm-up", "blue", "green", 2, "warm-up",
				now, now.plusSeconds(1), "warm-up", "warm-up"), now);
		DesiredState completed = started.complete("warm-up-3",
				Map.of("warm-up", List.of(new PartitionOffset("warm-up", 0, 0))), "warm-up", now);
		for (ControlRecord record : List.of(new ControlRecord.Proposal(started), new ControlRecord.Proposal(completed),
				new ControlRecord.Decision(completed))) {
			read(key(record), value(record), 0);
		}
	}

	/**
	 * Return the key of a record.
	 * @param record the record
	 * @return its key
	 */
	public String key(ControlRecord record) {
		if (record instanceof ControlRecord.Proposal proposal) {
			return this.proposalPrefix + proposal.state().proposalId();
		}
		if (record instanceof ControlRecord.ProposalRemoval removal) {
			return this.proposalPrefix + removal.proposalId();
		}
		if (record instanceof ControlRecord.Decision decision) {
			return this.decisionPrefix + decision.state().version();
		}
		if (record instanceof ControlRecord.DecisionRemoval removal) {
			return this.decisionPrefix + removal.version();
		}
		if (record instanceof ControlRecord.Report report) {
			return this.reportPrefix + report.report().instanceId();
		}
		return this.reportPrefix + ((ControlRecord.Withdrawal) record).instanceId();
	}

	/**
	 * Return the value of a record.
	 * @param record the record
	 * @return its JSON, or {@code null} for a deletion
	 */
	public @Nullable String value(ControlRecord record) {
		if (record instanceof ControlRecord.Proposal proposal) {
			return this.jsonMapper.writeValueAsString(proposal.state());
		}
		if (record instanceof ControlRecord.Decision decision) {
			return this.jsonMapper.writeValueAsString(decision.state());
		}
		if (record instanceof ControlRecord.Report report) {
			return this.jsonMapper.writeValueAsString(report.report());
		}
		return null;
	}

	/**
	 * Read a record of the topic, and check it: its value holds every required field in
	 * range, and agrees with its key.
	 * @param key its key
	 * @param value its value
	 * @param offset its offset, which names a legacy proposal
	 * @return the record, or {@code null} if it is not one of this deployment
	 * @throws InvalidControlRecordException if it is one of this deployment's keys but
	 * not a valid record
	 */
	public @Nullable ControlRecord read(@Nullable String key, @Nullable String value, long offset) {
		ControlRecord record = parse(key, value, offset);
		if (record != null) {
			ControlRecordValidation.check(record);
		}
		return record;
	}

	private @Nullable ControlRecord parse(@Nullable String key, @Nullable String value, long offset) {
		if (key == null) {
			return null;
		}
		if (key.startsWith(this.proposalPrefix)) {
			String proposalId = suffix(key, this.proposalPrefix);
			if (value == null) {
				return new ControlRecord.ProposalRemoval(proposalId);
			}
			DesiredState state = state(value, null);
			agree(key, "proposalId", proposalId, state.proposalId());
			return new ControlRecord.Proposal(state);
		}
		if (key.startsWith(this.decisionPrefix)) {
			String version = suffix(key, this.decisionPrefix);
			if (!version.matches("\\d{1,18}")) {
				throw new InvalidControlRecordException(ControlRecordProblem.KEY_MISMATCH,
						"the key of a decision ends with its version, not '" + version + "'");
			}
			if (value == null) {
				return new ControlRecord.DecisionRemoval(Long.parseLong(version));
			}
			DesiredState state = state(value, null);
			agree(key, "version", version, String.valueOf(state.version()));
			return new ControlRecord.Decision(state);
		}
		if (key.equals(this.legacyStateKey)) {
			return (value != null) ? new ControlRecord.Proposal(state(value, ControlLogFold.LEGACY_PREFIX + offset))
					: null;
		}
		if (key.startsWith(this.reportPrefix)) {
			String instanceId = suffix(key, this.reportPrefix);
			if (value == null) {
				return new ControlRecord.Withdrawal(instanceId);
			}
			InstanceReport report = read(value, InstanceReport.class);
			agree(key, "instanceId", instanceId, report.instanceId());
			return new ControlRecord.Report(report);
		}
		return null;
	}

	private static String suffix(String key, String prefix) {
		String suffix = key.substring(prefix.length());
		if (suffix.isBlank()) {
			throw new InvalidControlRecordException(ControlRecordProblem.KEY_MISMATCH,
					"the key names nothing after '" + prefix + "'");
		}
		return suffix;
	}

	private static void agree(String key, String field, String fromKey, @Nullable String fromValue) {
		if (fromValue == null) {
			throw new InvalidControlRecordException(ControlRecordProblem.MISSING_FIELD, field + " is missing");
		}
		if (!fromKey.equals(fromValue)) {
			throw new InvalidControlRecordException(ControlRecordProblem.KEY_MISMATCH, "the key '" + key + "' names "
					+ field + " '" + fromKey + "' but the value has '" + fromValue + "'");
		}
	}

	private DesiredState state(String value, @Nullable String defaultId) {
		JsonNode tree = tree(value);
		if (defaultId != null && tree instanceof ObjectNode object && !object.hasNonNull("proposalId")) {
			object.put("proposalId", defaultId);
		}
		try {
			return this.jsonMapper.treeToValue(tree, DesiredState.class);
		}
		catch (JacksonException ex) {
			throw unreadable(ex);
		}
	}

	private <T> T read(String value, Class<T> type) {
		JsonNode tree = tree(value);
		try {
			return this.jsonMapper.treeToValue(tree, type);
		}
		catch (JacksonException ex) {
			throw unreadable(ex);
		}
	}

	private JsonNode tree(String value) {
		JsonNode tree;
		try {
			tree = this.jsonMapper.readTree(value);
		}
		catch (JacksonException ex) {
			throw unreadable(ex);
		}
		if (tree == null || !tree.isObject()) {
			throw new InvalidControlRecordException(ControlRecordProblem.UNREADABLE,
					"the value is " + ((tree == null || tree.isMissingNode()) ? "empty" : "JSON " + tree.getNodeType())
							+ ", not a JSON object");
		}
		return tree;
	}

	private static InvalidControlRecordException unreadable(JacksonException ex) {
		return new InvalidControlRecordException(ControlRecordProblem.UNREADABLE,
				"the value is not a valid record: " + ex.getOriginalMessage(), ex);
	}

}
