package io.bluegreen.sample;

import java.util.List;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The in-process KRaft broker of the demo: real Kafka, started when the application is
 * given no bootstrap servers.
 *
 * @author bluegreen
 */
final class DemoBroker {

	private DemoBroker() {
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
	static EmbeddedKafkaKraftBroker start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		// One broker: the transaction log of the fleet's offset handover must fit on it
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		broker.afterPropertiesSet();
		return broker;
	}

}
