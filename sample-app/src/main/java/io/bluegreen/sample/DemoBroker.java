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
	 * Start the broker, and tell how an instance of the other color joins it.
	 * @return the bootstrap servers
	 */
	static String start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		// One broker: the transaction log of the fleet's offset handover must fit on it
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "demo-broker-shutdown"));
		String servers = broker.getBrokersAsString();
		System.out.println(String.join(System.lineSeparator(), "",
				"  Demo broker on " + servers + ". Start a green instance of the deployment with:",
				"    COLOR=green INITIAL_STATE=PAUSED SERVER_PORT=8081 SPRING_KAFKA_BOOTSTRAP_SERVERS=" + servers
						+ " ./mvnw -pl sample-app spring-boot:run",
				"  and switch the whole deployment to green with:",
				"    curl -XPOST localhost:8080/actuator/bluegreen -H 'Content-Type: application/json' "
						+ "-d '{\"active\":\"green\"}'",
				""));
		return servers;
	}

}
