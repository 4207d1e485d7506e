package io.bluegreen.sample;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.Exit;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The in-process KRaft broker of the demo: real Kafka, started when the application is
 * given no bootstrap servers.
 *
 * @author bluegreen
 */
final class DemoBroker {

	private final EmbeddedKafkaKraftBroker broker;

	private final List<Runnable> cleanups;

	private DemoBroker(EmbeddedKafkaKraftBroker broker, List<Runnable> cleanups) {
		this.broker = broker;
		this.cleanups = cleanups;
	}

	static boolean bootstrapServersConfigured(List<String> arguments) {
		return arguments.stream().anyMatch((argument) -> argument.startsWith("--spring.kafka.bootstrap-servers="))
				|| System.getProperty("spring.kafka.bootstrap-servers") != null
				|| System.getenv("SPRING_KAFKA_BOOTSTRAP_SERVERS") != null;
	}

	/**
	 * Start the broker.
	 * @return the running broker
	 */
	static DemoBroker start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		// One broker: the transaction log of the fleet's offset handover must fit on it
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		// Kafka registers JVM shutdown hooks of its own, one of which
		// deletes the broker's directory. They would run at the same
		// time as the demo's and pull the directory from under the
		// running broker: keep them, to run once the broker has stopped.
		List<Runnable> cleanups = new ArrayList<>();
		Exit.setShutdownHookAdder((name, cleanup) -> cleanups.add(cleanup));
		try {
			broker.afterPropertiesSet();
		}
		finally {
			Exit.resetShutdownHookAdder();
		}
		return new DemoBroker(broker, cleanups);
	}

	String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	/**
	 * Stop the broker, then run Kafka's shutdown hooks, which delete its directory.
	 */
	void stop() {
		this.broker.destroy();
		this.cleanups.forEach(Runnable::run);
	}

}
