package io.bluegreen.benchmark;

import java.util.List;

/**
 * bluegreen's fleet switch of a listener whose container has a
 * {@code KafkaTransactionManager}: each record is processed in a transaction that also
 * commits its offset ({@code sendOffsetsToTransaction}). While such a listener is busy,
 * one of its transactions is almost always open, and its group's offsets read with
 * {@code requireStable} are unstable. One instance per color, at
 * {@value #RATE_PER_SECOND} records/s, at most {@value #MAX_POLL_RECORDS} records a poll.
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

	/**
	 * A transactional fleet under a group protocol.
	 * @param protocol the group protocol, {@code classic} or {@code consumer}
	 */
	TransactionalFleetScenario(String protocol) {
		super("bluegreen-transactional-" + protocol,
				List.of("spring.kafka.consumer.properties.group.protocol=" + protocol,
						// Spring Boot puts a KafkaTransactionManager
						// on the container factory
						"spring.kafka.producer.transaction-id-prefix=${benchmark.topic}-${benchmark.instance}-",
						// A drain waits for every record a
						// poll handed over, each a transaction
						"spring.kafka.consumer.max-poll-records=" + MAX_POLL_RECORDS),
				1);
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
		return "bluegreen fleet switch of a listener committing its offsets in Kafka transactions";
	}

}
