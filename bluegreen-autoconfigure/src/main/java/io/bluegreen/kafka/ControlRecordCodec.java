package io.bluegreen.kafka;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.InstanceReport;

/**
 * The keys and JSON values of one deployment's records in the control topic. A record of
 * another deployment, or of a kind this version does not know, reads as {@code null}.
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
	 * Read a record of the topic.
	 * @param key its key
	 * @param value its value
	 * @param offset its offset, which names a legacy proposal
	 * @return the record, or {@code null} if it is not one of this deployment
	 * @throws tools.jackson.core.JacksonException if the value cannot be read
	 */
	public @Nullable ControlRecord read(@Nullable String key, @Nullable String value, long offset) {
		if (key == null) {
			return null;
		}
		if (key.startsWith(this.proposalPrefix)) {
			return (value != null) ? new ControlRecord.Proposal(state(value, null))
					: new ControlRecord.ProposalRemoval(key.substring(this.proposalPrefix.length()));
		}
		if (key.startsWith(this.decisionPrefix)) {
			if (value != null) {
				return new ControlRecord.Decision(state(value, null));
			}
			String version = key.substring(this.decisionPrefix.length());
			return version.matches("\\d{1,18}") ? new ControlRecord.DecisionRemoval(Long.parseLong(version)) : null;
		}
		if (key.equals(this.legacyStateKey)) {
			return (value != null) ? new ControlRecord.Proposal(state(value, "legacy-" + offset)) : null;
		}
		if (key.startsWith(this.reportPrefix)) {
			return (value != null)
					? new ControlRecord.Report(this.jsonMapper.readValue(value, InstanceReport.class))
					: new ControlRecord.Withdrawal(key.substring(this.reportPrefix.length()));
		}
		return null;
	}

	private DesiredState state(String value, @Nullable String defaultId) {
		JsonNode tree = this.jsonMapper.readTree(value);
		if (defaultId != null && tree instanceof ObjectNode object && !object.hasNonNull("proposalId")) {
			object.put("proposalId", defaultId);
		}
		return this.jsonMapper.treeToValue(tree, DesiredState.class);
	}

}
