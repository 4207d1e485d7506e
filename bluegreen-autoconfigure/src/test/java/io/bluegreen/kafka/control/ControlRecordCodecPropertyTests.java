package io.bluegreen.kafka.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.ControlRecordValidation;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.InvalidControlRecordException;
import io.bluegreen.fleet.PartitionOffset;
import io.bluegreen.fleet.SwitchInProgress;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.lifecycle.LifecycleState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated and mutated control records through the codec and the fold:
 * whatever a tool writes under a deployment's keys, the codec returns a valid record or
 * refuses it with an {@link InvalidControlRecordException}, the fold never throws, and
 * the decided state changes only to a state that follows the log.
 */
class ControlRecordCodecPropertyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ControlRecordCodec codec = new ControlRecordCodec("orders", JSON);

	@Property(tries = 3000)
	void anyValueUnderADeploymentKeyIsReadValidOrRefused(@ForAll("keys") String key, @ForAll("values") String value) {
		readValidOrRefused(key, value);
	}

	@Property(tries = 3000)
	void aMutatedRecordIsReadValidOrRefused(@ForAll("records") ControlRecord record,
			@ForAll("mutations") Mutation mutation) {
		String value = this.codec.value(record);
		if (value == null) {
			return;
		}
		ObjectNode tree = (ObjectNode) JSON.readTree(value);
		mutation.apply(tree);
		readValidOrRefused(this.codec.key(record), tree.toString());
	}

	@Property(tries = 2000)
	void everyRecordTheProtocolWritesIsReadBackEqual(@ForAll("records") ControlRecord record) {
		ControlRecord read = this.codec.read(this.codec.key(record), this.codec.value(record), 0);
		assertThat(read).isEqualTo(record);
	}

	@Property(tries = 2000)
	void theFoldNeverThrowsAndDecidesOnlyStatesThatFollowTheLog(@ForAll("histories") List<ControlRecord> history) {
		ControlLogFold fold = new ControlLogFold("orders");
		Set<String> proposed = new HashSet<>();
		// The states a decision record confirmed: the generator reuses proposal ids
		Set<DesiredState> repeated = new HashSet<>();
		DesiredState before = null;
		for (ControlRecord record : history) {
			fold.apply(record);
			if (record instanceof ControlRecord.Proposal proposal) {
				proposed.add(proposal.state().proposalId());
			}
			if (record instanceof ControlRecord.Decision decision && decision.state().equals(fold.desired())) {
				repeated.add(decision.state());
			}
			DesiredState after = fold.desired();
			if (after != null && after != before) {
				assertThat(after.lastSwitch() != null || after.epoch() == 1).as("%s: epoch without a switch", after)
					.isTrue();
				assertThat(after.switchInProgress() == null || after.switchInProgress().from().equals(after.active()))
					.as("%s: switch from another color", after)
					.isTrue();
			}
			if (after != null && after != before && before != null && !after.proposalId().equals(before.proposalId())) {
				assertThat(after.version()).as("%s decided after %s", after, before)
					.isGreaterThanOrEqualTo(before.version());
				if (after.version() == before.version() + 1) {
					// A state decided from a proposal no decision repeated may be a loser
					assertThat(followsByRules(before, after) || proposed.contains(after.proposalId())
							|| !repeated.contains(before))
						.as("%s decided after %s", after, before)
						.isTrue();
				}
			}
			before = after;
			fold.view(0);
		}
	}

	private void readValidOrRefused(String key, String value) {
		try {
			ControlRecord read = this.codec.read(key, value, 7);
			if (read != null) {
				ControlRecordValidation.check(read);
				new ControlLogFold("orders").apply(read);
			}
		}
		catch (InvalidControlRecordException ex) {
			assertThat(ex.getProblem()).isNotNull();
			assertThat(ex.getMessage()).isNotBlank();
		}
	}

	private static boolean followsByRules(DesiredState before, DesiredState after) {
		SwitchInProgress current = before.switchInProgress();
		if (current == null) {
			return after.switchInProgress() != null && after.active().equals(before.active());
		}
		return after.switchInProgress() == null && after.lastSwitch() != null
				&& after.lastSwitch().id().equals(current.id());
	}

	@Provide
	Arbitrary<String> keys() {
		Arbitrary<String> suffix = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
				Arbitraries.longs().between(-2, 30).map(String::valueOf), Arbitraries.of("", "p-1", "blue-1"));
		return Combinators
			.combine(Arbitraries.of("proposal/orders/", "decided/orders/", "instance/orders/", "state/orders",
					"other/orders/", "proposal/orders-eu/"), suffix)
			.as((prefix, name) -> prefix.equals("state/orders") ? prefix : prefix + name);
	}

	@Provide
	Arbitrary<String> values() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
				Arbitraries.of("null", "{}", "[]", "1", "\"x\"", "{\"version\":2}", "{\"proposalId\":null}",
						"{\"instanceId\":\"blue-1\"}", "{", "{\"handover\":{\"g\":[null]}}"),
				records().map(this.codec::value).filter((value) -> value != null));
	}

	@Provide
	Arbitrary<Mutation> mutations() {
		Arbitrary<String> fields = Arbitraries.of("proposalId", "version", "active", "epoch", "switchInProgress",
				"handover", "lastSwitch", "writer", "writtenAt", "instanceId", "color", "state", "groups", "members",
				"committed", "reportedAt", "unknownOptional");
		Arbitrary<JsonNode> replacements = Arbitraries.of(JSON.nullNode(), JSON.getNodeFactory().numberNode(-1),
				JSON.getNodeFactory().textNode(""), JSON.getNodeFactory().textNode("purple"),
				JSON.getNodeFactory().arrayNode(), JSON.getNodeFactory().objectNode(),
				JSON.getNodeFactory().booleanNode(true), JSON.getNodeFactory().numberNode(Long.MAX_VALUE));
		return Combinators.combine(fields, replacements, Arbitraries.integers().between(0, 2)).as(Mutation::new);
	}

	@Provide
	Arbitrary<ControlRecord> records() {
		return Arbitraries.oneOf(states().map(ControlRecord.Proposal::new), states().map(ControlRecord.Decision::new),
				reports().map(ControlRecord.Report::new));
	}

	@Provide
	Arbitrary<List<ControlRecord>> histories() {
		Arbitrary<DesiredState> states = Arbitraries.oneOf(states(), anyStates());
		Arbitrary<ControlRecord> record = Arbitraries.oneOf(states.map(ControlRecord.Proposal::new),
				states.map(ControlRecord.Decision::new),
				Arbitraries.longs().between(1, 6).map(ControlRecord.DecisionRemoval::new),
				Arbitraries.of("p-1", "p-2", "p-3").map(ControlRecord.ProposalRemoval::new));
		return record.list().ofMaxSize(25);
	}

	/**
	 * States the protocol can write: the epoch changes only with a switch that ended in
	 * it, and a switch in progress starts from the active color at the next epoch.
	 */
	private static Arbitrary<DesiredState> states() {
		Arbitrary<String> colors = Arbitraries.of("blue", "green");
		return Combinators
			.combine(Arbitraries.of("p-1", "p-2", "p-3", "p-4"), Arbitraries.longs().between(1, 6), colors,
					Arbitraries.longs().between(1, 6), Arbitraries.of(SwitchOutcome.COMPLETED, SwitchOutcome.ABORTED),
					Arbitraries.of(true, false))
			.as((id, version, active, epoch, outcome, switching) -> {
				String other = active.equals("blue") ? "green" : "blue";
				EndedSwitch last = (epoch == 1) ? null
						: (outcome == SwitchOutcome.COMPLETED)
								? new EndedSwitch("s-" + epoch, other, active, epoch, outcome, null, List.of(),
										Instant.EPOCH, Instant.EPOCH)
								: new EndedSwitch("s-" + epoch, active, other, epoch, outcome, "timeout",
										List.of("i-2"), Instant.EPOCH, Instant.EPOCH);
				SwitchInProgress started = switching ? new SwitchInProgress("s-" + (epoch + 1), active, other,
						epoch + 1, "i-1", Instant.EPOCH, Instant.EPOCH.plusSeconds(30)) : null;
				return new DesiredState(id, version, active, epoch, started,
						Map.of("orders-" + active, List.of(new PartitionOffset("orders", 0, version))), last, "i-1",
						Instant.EPOCH);
			});
	}

	/**
	 * Well-formed states, most of which the protocol cannot write.
	 */
	private static Arbitrary<DesiredState> anyStates() {
		Arbitrary<String> colors = Arbitraries.of("blue", "green");
		Arbitrary<SwitchInProgress> inProgress = Combinators
			.combine(Arbitraries.of("s-1", "s-2"), colors, Arbitraries.longs().between(1, 6))
			.as((id, to, epoch) -> new SwitchInProgress(id, to.equals("blue") ? "green" : "blue", to, epoch, "i-1",
					Instant.EPOCH, Instant.EPOCH.plusSeconds(30)));
		Arbitrary<EndedSwitch> ended = Combinators
			.combine(Arbitraries.of("s-1", "s-2"), colors,
					Arbitraries.of(SwitchOutcome.COMPLETED, SwitchOutcome.ABORTED), Arbitraries.longs().between(1, 6))
			.as((id, to, outcome, epoch) -> new EndedSwitch(id, to.equals("blue") ? "green" : "blue", to, epoch,
					outcome, null, List.of(), Instant.EPOCH, Instant.EPOCH));
		return Combinators
			.combine(Arbitraries.of("p-1", "p-2", "p-3", "p-4"), Arbitraries.longs().between(1, 6), colors,
					Arbitraries.longs().between(1, 6), inProgress.injectNull(0.5), ended.injectNull(0.5))
			.as((id, version, active, epoch, started, last) -> new DesiredState(id, version, active, epoch, started,
					Map.of("orders-" + active, List.of(new PartitionOffset("orders", 0, version))), last, "i-1",
					Instant.EPOCH));
	}

	private static Arbitrary<InstanceReport> reports() {
		return Combinators
			.combine(Arbitraries.of("blue-1", "green-1"), Arbitraries.of(LifecycleState.values()),
					Arbitraries.longs().between(0, 6))
			.as((id, state, epoch) -> new InstanceReport(id, id.substring(0, id.indexOf('-')), state, epoch, epoch,
					Map.of("orders", "orders-blue"), List.of("m-1"), List.of("c-1"), Map.of(), Instant.EPOCH));
	}

	/**
	 * A change of one field: removed, replaced, or set where it was missing.
	 */
	record Mutation(String field, JsonNode replacement, int kind) {

		void apply(ObjectNode tree) {
			switch (this.kind) {
				case 0 -> tree.remove(this.field);
				case 1 -> tree.set(this.field, this.replacement);
				default -> {
					JsonNode nested = tree.get("switchInProgress");
					if (nested instanceof ObjectNode object) {
						object.remove(this.field.equals("version") ? "deadline" : this.field);
					}
					else {
						tree.set(this.field, this.replacement);
					}
				}
			}
		}

	}

}
