package io.bluegreen.fleet.simulation;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.DesiredState;

/**
 * A mistaken tool that writes to the control topic under the deployment's keys: values
 * that are not JSON, JSON {@code null}, objects with fields missing or out of range, keys
 * and values that disagree, a switch without a deadline, and well-formed states that do
 * not follow the decided one. Every one of them must be refused by every reader.
 */
final class Garbage {

	private static final List<String> REQUIRED = List.of("proposalId", "version", "active", "epoch", "writer",
			"writtenAt", "handover");

	private final SimLog log;

	private final Random random;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private int written;

	Garbage(SimLog log, Random random) {
		this.log = log;
		this.random = random;
	}

	Random random() {
		return this.random;
	}

	int written() {
		return this.written;
	}

	void write() {
		DesiredState truth = this.log.truth();
		long next = (truth != null) ? truth.version() + 1 : 1;
		String id = "garbage-" + this.random.nextInt(1000);
		switch (this.random.nextInt(10)) {
			case 0 -> append("proposal/orders/" + id, "null");
			case 1 -> append("decided/orders/" + next, "{}");
			case 2 -> append("instance/orders/" + id, "not json {");
			case 3 -> append("decided/orders/" + id, "{}");
			case 4 -> append("proposal/orders/" + id, "x".repeat(20_000));
			case 5 -> append("instance/orders/" + id,
					"{\"instanceId\":\"blue-1\",\"color\":\"blue\",\"state\":\"ACTIVE\",\"epoch\":1,\"version\":1,"
							+ "\"reportedAt\":\"" + Instant.EPOCH + "\"}");
			case 6 -> {
				// Under a key of its own: one that a record of the deployment has would
				// replace that record once the log is compacted
				if (truth != null) {
					append("proposal/orders/" + id,
							mutated(new DesiredState(id, truth.version(), truth.active(), truth.epoch(),
									truth.switchInProgress(), truth.handover(), truth.lastSwitch(), "tool",
									Instant.EPOCH)));
				}
			}
			case 7 -> {
				if (truth != null) {
					// A start of a switch without a deadline
					ObjectNode state = tree(new DesiredState(id, next, truth.active(), truth.epoch(), null,
							truth.handover(), truth.lastSwitch(), "tool", Instant.EPOCH));
					state.putObject("switchInProgress")
						.put("id", id)
						.put("from", truth.active())
						.put("to", other(truth.active()))
						.put("epoch", truth.epoch() + 1)
						.put("coordinator", "tool")
						.put("startedAt", Instant.EPOCH.toString());
					append("proposal/orders/" + id, state.toString());
				}
			}
			default -> {
				if (truth != null) {
					// Well formed, but the other color
					// active at once: no switch, no handover
					DesiredState forged = new DesiredState(id, next, other(truth.active()), truth.epoch() + 1, null,
							truth.handover(), null, "tool", Instant.EPOCH);
					String kind = this.random.nextBoolean() ? "decided/orders/" + next : "proposal/orders/" + id;
					append(kind, this.log.codec().value(new ControlRecord.Decision(forged)));
				}
			}
		}
	}

	private String mutated(DesiredState truth) {
		ObjectNode state = tree(truth);
		String field = REQUIRED.get(this.random.nextInt(REQUIRED.size()));
		if (!field.equals("version") && !field.equals("epoch") || this.random.nextBoolean()) {
			state.remove(field);
		}
		else {
			state.put(field, -1);
		}
		return state.toString();
	}

	private ObjectNode tree(DesiredState state) {
		return (ObjectNode) this.jsonMapper.readTree(this.log.codec().value(new ControlRecord.Decision(state)));
	}

	private static String other(String color) {
		return color.equals("blue") ? "green" : "blue";
	}

	private void append(String key, String value) {
		this.written++;
		this.log.appendRaw(key, value);
	}

}
