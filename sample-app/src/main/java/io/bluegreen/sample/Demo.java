package io.bluegreen.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The demo: an in-process broker, a blue and a green instance of the order consumer (the
 * blue one also places orders), and a console showing both. Ctrl-C stops the instances,
 * then the broker.
 *
 * @author bluegreen
 */
final class Demo {

	private Demo() {
	}

	static void run(String[] args) {
		EmbeddedKafkaKraftBroker broker = DemoBroker.start();
		String servers = broker.getBrokersAsString();
		ConfigurableApplicationContext blue = start(args, servers, "blue", 8080, "ACTIVE", true);
		ConfigurableApplicationContext green = start(args, servers, "green", 8081, "PAUSED", false);
		DemoConsole console = new DemoConsole(List.of(new DemoConsole.Instance("blue", 8080, blue),
				new DemoConsole.Instance("green", 8081, green)));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			console.stop();
			green.close();
			blue.close();
			broker.destroy();
		}, "demo-shutdown"));
		console.start();
	}

	private static ConfigurableApplicationContext start(String[] args, String servers, String color, int port,
			String initialState, boolean producer) {
		List<String> arguments = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + servers,
				"--bluegreen.color=" + color, "--bluegreen.initial-state=" + initialState,
				"--bluegreen.fleet.instance-id=" + color + "-1", "--server.port=" + port,
				// The demo's one broker keeps the control topic once; a production cluster keeps three copies
				"--bluegreen.fleet.control-topic-replication-factor=1",
				"--bluegreen.fleet.control-topic-min-insync-replicas=1",
				"--sample.producer.enabled=" + producer, "--sample.producer.orders-per-second=200",
				"--logging.level.root=WARN", "--spring.main.banner-mode=off"));
		// The command line has the last word
		arguments.addAll(List.of(args));
		return new SpringApplicationBuilder(OrderConsumerApplication.class).registerShutdownHook(false)
			.run(arguments.toArray(String[]::new));
	}

}
