package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * bluegreen's fleet switch of a listener that commits its offsets in Kafka transactions:
 * each record is processed in a transaction that also commits its offset
 * ({@code sendOffsetsToTransaction}), run by the container's
 * {@code KafkaTransactionManager} or by the listener itself. While such a listener is
 * busy, one of its transactions is almost always open, and its group's offsets read with
 * {@code requireStable} are unstable. A plain listener under the same settings is the
 * baseline. One instance per color, at {@value #RATE_PER_SECOND} records/s, at most
 * {@value #MAX_POLL_RECORDS} records a poll.
 *
 * @author bluegreen
 */
class TransactionalFleetScenario extends FleetScenario {

	/**
	 * Records produced per second: every record is a transaction of its own.
	 */
	static final int RATE_PER_SECOND = 100;

	/**
	 * Records a poll hands to the listener at most.
	 */
	static final int MAX_POLL_RECORDS = 20;

	private final Style style;

	/**
	 * A fleet of a listener of a style under a group protocol.
	 * @param protocol the group protocol, {@code classic} or {@code consumer}
	 * @param style how the listener commits its offsets
	 */
	TransactionalFleetScenario(String protocol, Style style) {
		super("bluegreen-" + style.label + "-" + protocol, properties(protocol, style), 1);
		this.style = style;
	}

	private static List<String> properties(String protocol, Style style) {
		List<String> properties = new ArrayList<>(List.of("spring.kafka.consumer.properties.group.protocol=" + protocol,
				// A drain waits for every record a
				// poll handed over, each a transaction
				"spring.kafka.consumer.max-poll-records=" + MAX_POLL_RECORDS));
		if (style != Style.PLAIN) {
			// With a transaction id prefix, Spring Boot puts a
			// KafkaTransactionManager on the container factory
			properties.add("spring.kafka.producer.transaction-id-prefix=${benchmark.topic}-${benchmark.instance}-");
		}
		if (style == Style.BY_HAND) {
			properties.add("benchmark.style=transactional-by-hand");
		}
		return properties;
	}

	/**
	 * Return the settings the scenario runs with: those given, at 100 records/s, a load
	 * one transactional consumer per instance keeps up with.
	 * @param settings the run's settings
	 * @return the scenario's settings
	 */
	static SwitchBenchmark.Settings settings(SwitchBenchmark.Settings settings) {
		return new SwitchBenchmark.Settings(RATE_PER_SECOND, settings.partitions(), settings.concurrency(),
				settings.switches(), settings.slowSwitches(), settings.dwellMillis(), settings.backlog(),
				settings.latencySeconds(), settings.initialRebalanceDelayMillis(), settings.conditionSwitches(),
				settings.idleSeconds(), settings.overheadPairs());
	}

	@Override
	String description() {
		return this.style.description;
	}

	/**
	 * How the listener commits its offsets.
	 */
	enum Style {

		/** The baseline: the container commits, no transaction. */
		PLAIN("plain", "bluegreen fleet switch of a plain listener under the transactional scenarios' settings"),

		/**
		 * The container's {@code KafkaTransactionManager} runs a transaction per record.
		 */
		TRANSACTION_MANAGER("transactional",
				"bluegreen fleet switch of a listener committing its offsets in Kafka transactions"),

		/** The listener runs {@code KafkaTemplate.executeInTransaction} per record. */
		BY_HAND("transactional-by-hand",
				"bluegreen fleet switch of a listener running its own Kafka transactions with its offsets");

		private final String label;

		private final String description;

		Style(String label, String description) {
			this.label = label;
			this.description = description;
		}

	}

}
