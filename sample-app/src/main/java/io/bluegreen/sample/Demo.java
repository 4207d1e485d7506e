package io.bluegreen.sample;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo: an in-process broker, a blue and a green instance of the order consumer (the
 * blue one also places orders), and a console showing both. Ctrl-C stops the instances,
 * then the broker.
 *
 * @author bluegreen
 */
final class Demo {

	/**
	 * The loggers of the in-process broker. In the demo they speak only of errors: the
	 * broker's start-up and its warnings about its own internal topics are not the demo's
	 * subject. The instances' warnings, bluegreen's among them, still show.
	 */
	private static final List<String> BROKER_LOGGERS = List.of("kafka", "state.change.logger",
			"org.apache.kafka.server", "org.apache.kafka.raft", "org.apache.kafka.controller",
			"org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.storage",
			"org.apache.kafka.coordinator", "org.apache.kafka.snapshot", "org.apache.kafka.queue",
			"org.apache.kafka.common.test");

	private Demo() {
	}

	static void run(String[] args) {
		// The broker logs before any instance has configured logging
		LoggingSystem logging = LoggingSystem.get(Demo.class.getClassLoader());
		logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
		BROKER_LOGGERS.forEach((name) -> logging.setLogLevel(name, LogLevel.ERROR));
		DemoBroker broker = DemoBroker.start();
		String servers = broker.bootstrapServers();
		Deque<ConfigurableApplicationContext> started = new ConcurrentLinkedDeque<>();
		AtomicReference<@Nullable DemoConsole> console = new AtomicReference<>();
		AtomicReference<@Nullable DemoWebConsole> webConsole = new AtomicReference<>();
		// Registered before the instances start:
		// Ctrl-C while they start stops the broker too
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			DemoConsole shown = console.get();
			if (shown != null) {
				shown.stop();
			}
			DemoWebConsole web = webConsole.get();
			if (web != null) {
				web.stop();
			}
			started.descendingIterator().forEachRemaining(ConfigurableApplicationContext::close);
			broker.stop();
		}, "demo-shutdown"));
		// Switching needs a token; the demo makes one up and prints it with the command
		String token = token(args);
		try {
			started.add(start(args, servers, "blue", 8080, "ACTIVE", true, token));
			started.add(start(args, servers, "green", 8081, "PAUSED", false, token));
		}
		catch (RuntimeException ex) {
			// Spring Boot has reported why; without an exit the broker's threads would
			// keep the failed demo running
			System.exit(1);
		}
		startWebConsole(servers, args, webConsole);
		DemoConsole shown = new DemoConsole(List.of(new DemoConsole.Instance("blue", started.getFirst()),
				new DemoConsole.Instance("green", started.getLast())), token);
		console.set(shown);
		shown.start();
	}

	private static String token(String[] args) {
		String given = Arrays.stream(args)
			.filter((argument) -> name(argument).equals("--bluegreen.access.token"))
			.reduce((first, second) -> second)
			.map((argument) -> argument.substring(argument.indexOf('=') + 1))
			.orElse(null);
		if (given != null) {
			return given;
		}
		byte[] random = new byte[12];
		new SecureRandom().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	private static ConfigurableApplicationContext start(String[] args, String servers, String color, int port,
			String initialState, boolean producer, String token) {
		List<String> arguments = new ArrayList<>(
				List.of("--spring.kafka.bootstrap-servers=" + servers, "--bluegreen.color=" + color,
						"--bluegreen.initial-state=" + initialState, "--bluegreen.fleet.instance-id=" + color + "-1",
						"--server.port=" + port, "--bluegreen.access.token=" + token,
						// The demo's one broker keeps the control topic once; a
						// production cluster keeps three copies
						"--bluegreen.fleet.control-topic-replication-factor=1",
						"--bluegreen.fleet.control-topic-min-insync-replicas=1",
						"--sample.producer.enabled=" + producer, "--sample.producer.orders-per-second=200",
						"--logging.level.root=WARN", "--logging.group.demo-broker=" + String.join(",", BROKER_LOGGERS),
						"--logging.level.demo-broker=ERROR", "--spring.main.banner-mode=off"));
		// The command line has the last word: a setting given twice would be a list
		Set<String> given = Arrays.stream(args).map(Demo::name).collect(Collectors.toSet());
		arguments.removeIf((argument) -> given.contains(name(argument)));
		arguments.addAll(List.of(args));
		return new SpringApplicationBuilder(OrderConsumerApplication.class).registerShutdownHook(false)
			.run(arguments.toArray(String[]::new));
	}

	private static void startWebConsole(String servers, String[] args,
			AtomicReference<@Nullable DemoWebConsole> webConsole) {
		try {
			boolean freePort = Arrays.asList(args).contains("--server.port=0");
			DemoWebConsole.start(servers, freePort).ifPresentOrElse((web) -> {
				webConsole.set(web);
				System.out.println("bluegreen console: " + web.url() + " (sign in as demo, password demo, to switch)");
			}, () -> System.out.println("bluegreen console: not built; './mvnw -q install -DskipTests' builds it"));
		}
		catch (IOException ex) {
			System.out.println("bluegreen console: could not start: " + ex.getMessage());
		}
	}

	private static String name(String argument) {
		int equals = argument.indexOf('=');
		return (equals < 0) ? argument : argument.substring(0, equals);
	}

}
