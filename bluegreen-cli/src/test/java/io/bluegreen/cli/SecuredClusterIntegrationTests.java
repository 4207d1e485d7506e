package io.bluegreen.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.KafkaCluster;
import io.bluegreen.test.Load;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fleet on a cluster with SASL authentication and ACLs (KRaft's StandardAuthorizer),
 * with exactly the ACLs docs/security.md lists for an application principal and nothing
 * more: startup, warm-up, a switch with the offset handover, and the command line's
 * status and switch work; each ACL, taken away, makes the operation that needs it fail;
 * and a deployment's principal cannot write the control records of another deployment.
 * One cluster for the whole class.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecuredClusterIntegrationTests {

	private static final int PARTITIONS = 2;

	private static final String TOKEN = "s3cret";

	private static final Map<String, String> USERS = Map.of("orders", "orders-secret", "payments", "payments-secret");

	private static KafkaCluster cluster;

	private static Admin admin;

	@BeforeAll
	static void startCluster() {
		cluster = KafkaCluster.startSecured(USERS);
		admin = cluster.admin();
	}

	@AfterAll
	static void stopCluster() {
		if (admin != null) {
			admin.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void startupWarmUpSwitchAndTheCommandLineWorkWithTheDocumentedAclsAlone() throws Exception {
		Deployment deployment = new Deployment("orders");
		deployment.grant(Acl.values());
		try (FleetInstances fleet = deployment.fleet(); Load load = new Load(cluster, deployment.topic, PARTITIONS)) {
			deployment.grantGroups(fleet);
			ConfigurableApplicationContext blue = fleet.start(WebApplicationType.SERVLET, "blue-1", "blue");
			fleet.start("green-1", "green");
			fleet.awaitReady(PARTITIONS);
			String url = "http://localhost:" + ((WebServerApplicationContext) blue).getWebServer().getPort()
					+ "/actuator/bluegreen";
			load.startContinuous(5);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("blue") > 50);
			// warm-up: the paused color's group follows the active one's offsets
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> !committed(fleet.group() + "-green").isEmpty());

			Run status = cli("status", "--url", url);
			Run switched = cli("switch", "--to", "green", "--url", url, "--token", TOKEN);

			assertThat(status.exitCode()).as(status.output()).isZero();
			assertThat(status.output()).contains("blue-1 (blue) ACTIVE", "green-1 (green) PAUSED");
			assertThat(switched.exitCode()).as(switched.output()).isZero();
			assertThat(switched.output()).contains("green is active");
			long greenBefore = fleet.processedBy("green");
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> fleet.processedBy("green") > greenBefore + 10);
			load.stop();
			Map<TopicPartition, Long> end = load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.processed().size() >= end.values().stream().mapToLong(Long::longValue).sum());
			fleet.assertEveryRecordProcessedOnceInOrder(end);
		}
	}

	static Stream<Acl> acls() {
		return Stream.of(Acl.values());
	}

	/**
	 * Every ACL is needed: without it, the operation docs/security.md names for it fails.
	 */
	@ParameterizedTest
	@MethodSource("acls")
	void withoutAnAclItsOperationFails(Acl missing, CapturedOutput output) throws Exception {
		Deployment deployment = new Deployment("orders");
		List<Acl> granted = new ArrayList<>(List.of(Acl.values()));
		granted.remove(missing);
		deployment.grant(granted.toArray(Acl[]::new));
		try (FleetInstances fleet = deployment.fleet(missing.timeouts());
				Load load = new Load(cluster, deployment.topic, PARTITIONS)) {
			if (missing != Acl.GROUPS) {
				deployment.grantGroups(fleet);
			}
			missing.fails(fleet, load, deployment);
			// the log says which authorization failed, and on what
			await().atMost(EmbeddedBroker.waitCeiling())
				.untilAsserted(() -> assertThat(output.getOut()).containsPattern(missing.error(deployment, fleet)));
		}
	}

	/**
	 * Turning fleet mode on where the configured group has offsets: seeding reads that
	 * group, which the prefix of the color groups does not match, and commits under a
	 * transactional id of its own.
	 */
	@Test
	void seedingFromTheConfiguredGroupWorksWithTheDocumentedAclsAlone() throws Exception {
		Deployment deployment = new Deployment("orders");
		deployment.grant(Acl.values());
		try (FleetInstances fleet = deployment.fleet(); Load load = new Load(cluster, deployment.topic, PARTITIONS)) {
			deployment.grantGroups(fleet);
			load.send(40);
			Map<TopicPartition, Long> before = load.endOffsets();
			Map<TopicPartition, OffsetAndMetadata> origin = new HashMap<>();
			before.forEach((partition, offset) -> origin.put(partition, new OffsetAndMetadata(offset)));
			admin.alterConsumerGroupOffsets(fleet.group(), origin).all().get(60, TimeUnit.SECONDS);
			load.send(30);
			Map<TopicPartition, Long> end = load.endOffsets();

			fleet.start("blue-1", "blue", "spring.kafka.consumer.auto-offset-reset=earliest");
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.processed().size() >= 30 && committedOffsets(fleet.group() + "-blue").equals(end));

			assertThat(fleet.processed()).as("records processed after the seeding")
				.hasSize(30)
				.allSatisfy(
						(record) -> assertThat(record.offset()).isGreaterThanOrEqualTo(before.get(record.partition())));
		}
	}

	@Test
	void oneDeploymentsPrincipalCannotWriteAnotherDeploymentsControlRecords() throws Exception {
		Deployment orders = new Deployment("orders");
		Deployment payments = new Deployment("payments");
		orders.grant(Acl.values());
		payments.grant(Acl.values());
		createControlTopic(orders.controlTopic);
		createControlTopic(payments.controlTopic);

		try (KafkaProducer<String, String> producer = producer("orders")) {
			producer.send(new ProducerRecord<>(orders.controlTopic, "decided/" + orders.name + "/1", "{}"))
				.get(60, TimeUnit.SECONDS);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> producer
					.send(new ProducerRecord<>(payments.controlTopic, "decided/" + payments.name + "/1", "{}"))
					.get(60, TimeUnit.SECONDS))
				.withCauseInstanceOf(TopicAuthorizationException.class);
		}
	}

	private static void createControlTopic(String topic) throws Exception {
		admin
			.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 3)
				.configs(Map.of("cleanup.policy", "compact", "min.insync.replicas", "2"))))
			.all()
			.get(60, TimeUnit.SECONDS);
	}

	private static KafkaProducer<String, String> producer(String user) {
		Map<String, Object> config = new HashMap<>(cluster.clientSecurity(user));
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
		return new KafkaProducer<>(config);
	}

	private static Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
		Map<TopicPartition, Long> offsets = new HashMap<>();
		committed(group).forEach((partition, offset) -> {
			if (offset != null) {
				offsets.put(partition, ((OffsetAndMetadata) offset).offset());
			}
		});
		return offsets;
	}

	private static Map<TopicPartition, ?> committed(String group) throws Exception {
		return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
	}

	private static Run cli(String... args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int exitCode = BlueGreenCli.run(args, out, out, Map.of());
		return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	/**
	 * The ACLs docs/security.md lists for the principal of a deployment's application,
	 * each with the operation that needs it.
	 */
	enum Acl {

		/** Read on the topics the listeners consume: consuming. */
		TOPICS {
			@Override
			void fails(FleetInstances fleet, Load load, Deployment deployment) {
				nothingConsumed(fleet, load);
			}

			@Override
			String error(Deployment deployment, FleetInstances fleet) {
				return "TopicAuthorizationException: Not authorized to access topics: \\[" + deployment.topic + "\\]";
			}
		},

		/**
		 * Read on the consumer groups of every color (prefixed) and on the configured
		 * group: seeding, consuming, warm-up, handover. Without it, seeding refuses the
		 * start.
		 */
		GROUPS {
			@Override
			void fails(FleetInstances fleet, Load load, Deployment deployment) {
				assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> fleet.start("blue-1", "blue"))
					.withStackTraceContaining("Could not seed group " + fleet.group() + "-blue");
				load.send(20);
				assertThat(fleet.processedBy("blue")).isZero();
			}

			@Override
			String error(Deployment deployment, FleetInstances fleet) {
				return "Could not seed group " + fleet.group() + "-blue yet; retrying: .*GroupAuthorizationException";
			}
		},

		/** Create on the control topic: the first instance creates it. */
		CONTROL_CREATE {
			@Override
			void fails(FleetInstances fleet, Load load, Deployment deployment) {
				startsPausedAndUnreadable(fleet);
			}

			@Override
			String error(Deployment deployment, FleetInstances fleet) {
				return "Could not create or check control topic '" + deployment.controlTopic
						+ "'.*TopicAuthorizationException";
			}
		},

		/** Read on the control topic: reading the desired state and the reports. */
		CONTROL_READ {
			@Override
			void fails(FleetInstances fleet, Load load, Deployment deployment) {
				startsPausedAndUnreadable(fleet);
			}

			@Override
			String error(Deployment deployment, FleetInstances fleet) {
				return "Could not read " + deployment.controlTopic
						+ ".*TopicAuthorizationException: Not authorized to access topics";
			}
		},

		/** Write on the control topic: reports, proposals and decisions. */
		CONTROL_WRITE {
			@Override
			void fails(FleetInstances fleet, Load load, Deployment deployment) {
				startsPausedAndUnreadable(fleet);
			}

			@Override
			String error(Deployment deployment, FleetInstances fleet) {
				return "Could not write to " + deployment.controlTopic
						+ ": .*TopicAuthorizationException: Not authorized to access topics";
			}
		},

		/** DescribeConfigs on the control topic: the startup check of its settings. */
		CONTROL_DESCRIBE_CONFIGS {
			@Override
			void fails(FleetInstances fleet, Load load, Deployment deployment) {
				startsPausedAndUnreadable(fleet);
			}

			@Override
			String error(Deployment deployment, FleetInstances fleet) {
				return "Could not create or check control topic '" + deployment.controlTopic
						+ "'.*TopicAuthorizationException";
			}
		},

		/**
		 * Write on the transactional ids of the offset handover (prefixed): the switch.
		 */
		TRANSACTIONAL_IDS {
			@Override
			void fails(FleetInstances fleet, Load load, Deployment deployment) {
				fleet.start("blue-1", "blue");
				fleet.start("green-1", "green");
				fleet.awaitReady(PARTITIONS);
				load.send(20);
				assertThat(fleet.service("blue-1").switchTo("green").outcome().name()).isEqualTo("ABORTED");
				// the old color resumes after the abort
				await().atMost(EmbeddedBroker.waitCeiling())
					.until(() -> fleet.state("blue-1") == LifecycleState.ACTIVE);
				assertThat(fleet.state("green-1")).isEqualTo(LifecycleState.PAUSED);
				assertThat(fleet.service("blue-1").status().active()).isEqualTo("blue");
			}

			@Override
			String error(Deployment deployment, FleetInstances fleet) {
				return "aborted: the handover failed: .*TransactionalIdAuthorizationException";
			}

			/**
			 * Startup succeeds; the switch retries its handover until the switch times
			 * out.
			 */
			@Override
			String[] timeouts() {
				return new String[] { "bluegreen.fleet.switch-timeout=10s" };
			}
		};

		abstract void fails(FleetInstances fleet, Load load, Deployment deployment) throws Exception;

		/**
		 * The timeouts the failing operation waits for: short, so that the failure shows
		 * soon; an instance that is refused gives up its startup after 5 s.
		 */
		String[] timeouts() {
			return new String[] { "bluegreen.fleet.startup-timeout=5s" };
		}

		/**
		 * A pattern of the log line that says what failed.
		 */
		abstract String error(Deployment deployment, FleetInstances fleet);

		/**
		 * The active color's instance starts but consumes nothing.
		 */
		private static void nothingConsumed(FleetInstances fleet, Load load) {
			fleet.start("blue-1", "blue");
			load.send(20);
			await().during(Duration.ofSeconds(5))
				.atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.processedBy("blue") == 0);
		}

		/**
		 * An instance that cannot use the control topic starts paused, consumes nothing,
		 * and says that it has not read the control topic.
		 */
		private static void startsPausedAndUnreadable(FleetInstances fleet) {
			fleet.start("blue-1", "blue");
			await().during(Duration.ofSeconds(5))
				.atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.state("blue-1") == LifecycleState.PAUSED && fleet.processedBy("blue") == 0);
			assertThat(fleet.service("blue-1").status().active()).isNull();
		}

	}

	/**
	 * A deployment with its own principal, topic, groups, control topic and transactional
	 * ids.
	 */
	static final class Deployment {

		final String user;

		final String name;

		final String topic;

		final String controlTopic;

		Deployment(String user) {
			this.user = user;
			this.name = EmbeddedBroker.uniqueName(user);
			this.topic = cluster.createTopic(this.name, PARTITIONS);
			this.controlTopic = "bluegreen-control-" + this.name;
		}

		FleetInstances fleet(String... overrides) {
			List<String> properties = new ArrayList<>(cluster.springProperties(this.user));
			properties.addAll(List.of("bluegreen.fleet.deployment=" + this.name,
					"bluegreen.fleet.control-topic=" + this.controlTopic, "bluegreen.access.token=" + TOKEN,
					"bluegreen.fleet.startup-timeout=15s", "bluegreen.fleet.switch-timeout=30s"));
			properties.addAll(List.of(overrides));
			return FleetInstances.onCluster(cluster, this.topic, properties.toArray(String[]::new));
		}

		void grant(Acl... acls) throws Exception {
			List<AclBinding> bindings = new ArrayList<>();
			for (Acl acl : acls) {
				switch (acl) {
					case TOPICS ->
						bindings.add(allow(ResourceType.TOPIC, this.topic, PatternType.LITERAL, AclOperation.READ));
					case GROUPS -> {
						// granted once the groups' names are known: grantGroups
					}
					case CONTROL_CREATE -> bindings
						.add(allow(ResourceType.TOPIC, this.controlTopic, PatternType.LITERAL, AclOperation.CREATE));
					case CONTROL_READ -> bindings
						.add(allow(ResourceType.TOPIC, this.controlTopic, PatternType.LITERAL, AclOperation.READ));
					case CONTROL_WRITE -> bindings
						.add(allow(ResourceType.TOPIC, this.controlTopic, PatternType.LITERAL, AclOperation.WRITE));
					case CONTROL_DESCRIBE_CONFIGS -> bindings.add(allow(ResourceType.TOPIC, this.controlTopic,
							PatternType.LITERAL, AclOperation.DESCRIBE_CONFIGS));
					case TRANSACTIONAL_IDS -> {
						bindings.add(allow(ResourceType.TRANSACTIONAL_ID, "bluegreen-offsets-" + this.name + "-",
								PatternType.PREFIXED, AclOperation.WRITE));
						bindings.add(allow(ResourceType.TRANSACTIONAL_ID, "bluegreen-offsets-seed-",
								PatternType.PREFIXED, AclOperation.WRITE));
					}
				}
			}
			if (!bindings.isEmpty()) {
				admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
			}
		}

		void grantGroups(FleetInstances fleet) throws Exception {
			// The configured group itself, which seeding
			// reads, is not matched by the prefix
			admin
				.createAcls(
						List.of(allow(ResourceType.GROUP, fleet.group() + "-", PatternType.PREFIXED, AclOperation.READ),
								allow(ResourceType.GROUP, fleet.group(), PatternType.LITERAL, AclOperation.READ)))
				.all()
				.get(60, TimeUnit.SECONDS);
		}

		private AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
			return new AclBinding(new ResourcePattern(type, name, pattern),
					new AccessControlEntry("User:" + this.user, "*", operation, AclPermissionType.ALLOW));
		}

	}

	private record Run(int exitCode, String output) {
	}

}
