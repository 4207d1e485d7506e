package io.bluegreen.console;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bluegreen.console.fleet.DeploymentFleet;
import io.bluegreen.console.fleet.Deployments;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.InstanceReport;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.kafka.control.ControlRecordCodec;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the console takes from the control topic and its visitors, and what it costs: only
 * deployments whose records the instances' codec reads, up to a limit, no Kafka client
 * per deployment until a switch, no first state written by the console, and a bounded
 * number of live pages.
 */
class ConsoleLimitsIntegrationTests {

	private static final String CONSOLE_ID = "limits-console";

	private static String controlTopic;

	private static ConfigurableApplicationContext console;

	private static String base;

	@BeforeAll
	static void startConsoleOnAControlTopicOfManyDeployments() throws Exception {
		controlTopic = EmbeddedBroker.uniqueName("console-limits-control");
		try (Admin admin = EmbeddedBroker.admin()) {
			admin
				.createTopics(List.of(new NewTopic(controlTopic, 1, (short) 1)
					.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
				.all()
				.get();
		}
		try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
			// A name with a slash, and a record no instance
			// could have written, make no deployment
			send(producer, "bad/name", report("bad-1", "blue", LifecycleState.ACTIVE));
			producer.send(new ProducerRecord<>(controlTopic, "instance/junk/junk-1", "not a report")).get();
			send(producer, "alpha", report("alpha-blue-1", "blue", LifecycleState.ACTIVE));
			send(producer, "alpha", report("alpha-green-1", "green", LifecycleState.PAUSED));
			send(producer, "beta", report("beta-blue-1", "blue", LifecycleState.ACTIVE));
			send(producer, "gamma", report("gamma-blue-1", "blue", LifecycleState.ACTIVE));
		}
		console = ConsoleApplication.application()
			.run("--server.port=0", "--spring.kafka.bootstrap-servers=" + EmbeddedBroker.bootstrapServers(),
					"--bluegreen.console.control-topics=" + controlTopic,
					"--bluegreen.console.instance-id=" + CONSOLE_ID, "--bluegreen.console.instance-timeout=600s",
					"--bluegreen.console.max-deployments=2", "--bluegreen.console.max-live-subscribers=1");
		base = "http://localhost:" + console.getEnvironment().getProperty("local.server.port");
	}

	@AfterAll
	static void stopConsole() {
		if (console != null) {
			console.close();
		}
	}

	@Test
	void followsOnlyValidDeploymentsUpToTheLimitWithNoClientOfTheirOwn() {
		Deployments deployments = console.getBean(Deployments.class);
		// beta is published once the topic was read to its end, after gamma
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> deployments.find("beta").map((fleet) -> fleet.view().readable()).orElse(false));

		assertThat(deployments.all()).extracting(DeploymentFleet::name).containsExactly("alpha", "beta");
		assertThat(deployments.all()).noneMatch(DeploymentFleet::participating);
		assertThat(participantThreads()).isEmpty();
	}

	/**
	 * Regression: the control topic lost and recreated, instances report into the new one
	 * with blue still active; a switch from the console recorded green active as a first
	 * state with no drain, and both colors consumed.
	 */
	@Test
	void refusesToRecordAFirstStateAndClosesTheParticipantOfTheSwitch() throws Exception {
		Deployments deployments = console.getBean(Deployments.class);
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> deployments.find("alpha").map((fleet) -> fleet.view().readable()).orElse(false));
		DeploymentFleet alpha = deployments.find("alpha").orElseThrow();

		SwitchResult result = alpha.switchTo("green", "tester", null)
			.get(EmbeddedBroker.waitCeiling().toMillis(), TimeUnit.MILLISECONDS);

		assertThat(result.outcome()).isEqualTo(SwitchOutcome.CONFLICT);
		assertThat(result.reason()).isEqualTo(
				"the deployment has no decided state in " + controlTopic + "; its instances must establish it first");
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> !alpha.participating());
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> participantThreads().isEmpty());
		assertThat(keys()).noneMatch((key) -> key.startsWith("decided/") || key.startsWith("proposal/"));
	}

	@Test
	void refusesLivePagesBeyondTheLimitWithAProblem() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest events = HttpRequest.newBuilder(URI.create(base + "/events"))
			.header("Accept", "text/event-stream")
			.build();
		HttpResponse<InputStream> first = client.send(events, HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream open = first.body()) {
			assertThat(first.statusCode()).isEqualTo(200);

			HttpResponse<String> second = client.send(events, HttpResponse.BodyHandlers.ofString());

			assertThat(second.statusCode()).isEqualTo(503);
			assertThat(second.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(second.body()).contains("bluegreen.console.max-live-subscribers");
		}
	}

	private static void send(KafkaProducer<String, String> producer, String deployment, InstanceReport report)
			throws Exception {
		ControlRecordCodec codec = new ControlRecordCodec(deployment, JsonMapper.builder().build());
		ControlRecord record = new ControlRecord.Report(report);
		producer.send(new ProducerRecord<>(controlTopic, codec.key(record), codec.value(record))).get();
	}

	private static InstanceReport report(String instanceId, String color, LifecycleState state) {
		return new InstanceReport(instanceId, color, state, 1, 1, Map.of(), List.of(), List.of(), Map.of(),
				Instant.now());
	}

	/**
	 * Return the threads of switch participants: each reads the control topic on a thread
	 * of its own.
	 */
	private static List<String> participantThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("bluegreen-control-" + CONSOLE_ID + "-"))
			.toList();
	}

	private static List<String> keys() {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers(),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			TopicPartition partition = new TopicPartition(controlTopic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			long end = consumer.endOffsets(List.of(partition)).get(partition);
			List<String> keys = new ArrayList<>();
			long deadline = System.nanoTime() + EmbeddedBroker.waitCeiling().toNanos();
			while (consumer.position(partition) < end && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> keys.add(record.key()));
			}
			return keys;
		}
	}

}
