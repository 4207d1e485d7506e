package io.bluegreen.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * A cluster of three KRaft nodes, each a broker and a controller, each a JVM of its own
 * started from Kafka's server jars on the test classpath, so that a test can kill one
 * with -9 and restart it on the same data. Topics are created with replication factor 3
 * and {@code min.insync.replicas=2}, like the internal offsets and transaction state
 * topics.
 * <p>
 * Each node listens on loopback ports chosen at start and kept across restarts, keeps its
 * data and its log ({@code node-N.log}) in a directory of its own under
 * {@code target/kafka-cluster}, and is killed when the test JVM exits. Closing the
 * cluster deletes the data and keeps the logs.
 */
public final class KafkaCluster implements AutoCloseable {

	/**
	 * Time a node takes at most to start, generous for a loaded two-core machine.
	 */
	private static final Duration START_CEILING = Duration.ofSeconds(120);

	private static final int NODES = 3;

	/**
	 * The super user of a secured cluster, whom this fixture's own clients authenticate
	 * as.
	 */
	public static final String ADMIN = "admin";

	private static @Nullable KafkaCluster shared;

	private final Path directory;

	private final String clusterId = Uuid.randomUuid().toString();

	private final List<KafkaNode> nodes = new ArrayList<>();

	private final Thread shutdownHook = new Thread(this::destroyAll, "kafka-cluster-shutdown");

	/**
	 * The SASL/PLAIN users and their passwords of a secured cluster, {@code null} for a
	 * cluster without authentication.
	 */
	private final @Nullable Map<String, String> users;

	private KafkaCluster(Path directory, @Nullable Map<String, String> users) {
		this.directory = directory;
		this.users = users;
	}

	/**
	 * Start a cluster and wait until every node serves clients.
	 * @return the running cluster
	 */
	public static KafkaCluster start() {
		return start(null);
	}

	/**
	 * Return the cluster that the test classes of this JVM share, started at the first
	 * call, with every node running: a test that kills or stops a node restarts it, and a
	 * node a failed test left down is restarted here. Tests isolate themselves with their
	 * own topics and groups; the nodes are killed when the JVM exits.
	 * @return the running cluster, not to be closed by a test
	 */
	public static synchronized KafkaCluster shared() {
		KafkaCluster cluster = shared;
		if (cluster == null) {
			cluster = start();
			shared = cluster;
		}
		for (int node : cluster.nodeIds()) {
			if (!cluster.isRunning(node)) {
				cluster.restart(node);
			}
		}
		return cluster;
	}

	/**
	 * Start a secured cluster and wait until every node serves clients: clients
	 * authenticate with SASL/PLAIN (without TLS, which would add nothing to what the
	 * tests show), and KRaft's {@code StandardAuthorizer} allows only what an ACL grants.
	 * The user {@value #ADMIN} is a super user, which this fixture's own clients use; the
	 * controllers' listener, which only the nodes use, is not authenticated and its
	 * anonymous principal is a super user too.
	 * @param users the users besides {@value #ADMIN}, with their passwords
	 * @return the running cluster
	 */
	public static KafkaCluster startSecured(Map<String, String> users) {
		Map<String, String> all = new LinkedHashMap<>(users);
		all.put(ADMIN, ADMIN + "-secret");
		return start(all);
	}

	private static KafkaCluster start(@Nullable Map<String, String> users) {
		try {
			Path parent = Files.createDirectories(Path.of("target", "kafka-cluster"));
			KafkaCluster cluster = new KafkaCluster(Files.createTempDirectory(parent, "cluster-").toAbsolutePath(),
					users);
			Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
			cluster.startNodes();
			return cluster;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void startNodes() throws IOException {
		int[] brokerPorts = freePorts(NODES);
		int[] controllerPorts = freePorts(NODES);
		String voters = IntStream.range(0, NODES)
			.mapToObj((i) -> (i + 1) + "@127.0.0.1:" + controllerPorts[i])
			.collect(Collectors.joining(","));
		for (int i = 0; i < NODES; i++) {
			KafkaNode node = new KafkaNode(i + 1, brokerPorts[i], this.directory.resolve("node-" + (i + 1)),
					this.users);
			node.configure(voters, controllerPorts[i]);
			node.format(this.clusterId);
			this.nodes.add(node);
		}
		this.nodes.forEach(KafkaNode::launch);
		awaitAllServing();
	}

	/**
	 * Return the bootstrap servers of every node.
	 * @return the bootstrap servers
	 */
	public String bootstrapServers() {
		return this.nodes.stream().map((node) -> "127.0.0.1:" + node.port).collect(Collectors.joining(","));
	}

	/**
	 * Return an admin client on the cluster, for the caller to close.
	 * @return the admin client
	 */
	public Admin admin() {
		Map<String, Object> config = new HashMap<>(clientSecurity(ADMIN));
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
		return Admin.create(config);
	}

	/**
	 * Return a producer on the cluster, authenticated as {@value #ADMIN} on a secured
	 * cluster, idempotent and with {@code acks=all}, for the caller to close.
	 * @return the producer
	 */
	public KafkaProducer<String, String> producer() {
		Map<String, Object> config = new HashMap<>(clientSecurity(ADMIN));
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(config);
	}

	/**
	 * Return the client properties that authenticate as a user of a secured cluster.
	 * @param user the user
	 * @return the properties, empty on a cluster without authentication
	 */
	public Map<String, Object> clientSecurity(String user) {
		if (this.users == null) {
			return Map.of();
		}
		String password = this.users.get(user);
		if (password == null) {
			throw new IllegalArgumentException("No user " + user + " on this cluster");
		}
		return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
				"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
						+ password + "\";");
	}

	/**
	 * Return the Spring Boot properties that make an application authenticate as a user
	 * of a secured cluster.
	 * @param user the user
	 * @return the properties as {@code name=value}
	 */
	public List<String> springProperties(String user) {
		return clientSecurity(user).entrySet()
			.stream()
			.map((entry) -> entry.getKey().equals("security.protocol")
					? "spring.kafka.security.protocol=" + entry.getValue()
					: "spring.kafka.properties." + entry.getKey() + "=" + entry.getValue())
			.toList();
	}

	/**
	 * Create a topic with a unique name, replicated on every node, with
	 * {@code min.insync.replicas=2}.
	 * @param prefix the start of its name
	 * @param partitions the number of partitions
	 * @return the name of the topic
	 */
	public String createTopic(String prefix, int partitions) {
		String topic = EmbeddedBroker.uniqueName(prefix);
		try (Admin admin = admin()) {
			admin
				.createTopics(List
					.of(new NewTopic(topic, partitions, (short) NODES).configs(Map.of("min.insync.replicas", "2"))))
				.all()
				.get(60, TimeUnit.SECONDS);
			// Every node knows its leaders before a client asks any of them
			Awaitility.await().atMost(START_CEILING).ignoreExceptions().until(() -> {
				TopicDescription description = describe(admin, topic);
				return description.partitions()
					.stream()
					.allMatch((info) -> info.leader() != null && info.isr().size() == NODES);
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create topic " + topic, ex);
		}
		return topic;
	}

	/**
	 * Return the node leading a partition.
	 * @param partition the partition
	 * @return its id
	 */
	public int leaderOf(TopicPartition partition) {
		try (Admin admin = admin()) {
			TopicPartitionInfo info = describe(admin, partition.topic()).partitions().get(partition.partition());
			if (info.leader() == null) {
				throw new IllegalStateException(partition + " has no leader");
			}
			return info.leader().id();
		}
	}

	/**
	 * Make another in-sync replica lead a partition led by the given node, so that one
	 * fault hits one role: the preferred replica is changed, then elected.
	 * @param partition the partition
	 * @param nodeId the node that must not lead it
	 */
	public void moveLeadershipAway(TopicPartition partition, int nodeId) {
		try (Admin admin = admin()) {
			TopicPartitionInfo info = describe(admin, partition.topic()).partitions().get(partition.partition());
			if (info.leader() == null || info.leader().id() != nodeId) {
				return;
			}
			List<Integer> replicas = new ArrayList<>(info.replicas().stream().map(Node::id).toList());
			int successor = info.isr().stream().map(Node::id).filter((id) -> id != nodeId).findFirst().orElseThrow();
			replicas.remove(Integer.valueOf(successor));
			replicas.add(0, successor);
			admin.alterPartitionReassignments(Map.of(partition, Optional.of(new NewPartitionReassignment(replicas))))
				.all()
				.get(30, TimeUnit.SECONDS);
			Awaitility.await().atMost(START_CEILING).ignoreExceptions().until(() -> {
				admin.electLeaders(ElectionType.PREFERRED, Set.of(partition)).all().get(30, TimeUnit.SECONDS);
				return leaderOf(partition) == successor;
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not move the leadership of " + partition + " away from " + nodeId,
					ex);
		}
	}

	/**
	 * Return the replicas of a partition that are in sync.
	 * @param partition the partition
	 * @return their ids
	 */
	public List<Integer> inSyncReplicasOf(TopicPartition partition) {
		try (Admin admin = admin()) {
			return describe(admin, partition.topic()).partitions()
				.get(partition.partition())
				.isr()
				.stream()
				.map(Node::id)
				.toList();
		}
	}

	/**
	 * Return the node coordinating a consumer group.
	 * @param group the group
	 * @return its id
	 */
	public int groupCoordinatorOf(String group) {
		try (Admin admin = admin()) {
			return admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get(30, TimeUnit.SECONDS)
				.coordinator()
				.id();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not find the coordinator of group " + group, ex);
		}
	}

	/**
	 * Return the node coordinating the transactions of a transactional id.
	 * @param transactionalId the transactional id
	 * @return its id
	 */
	public int transactionCoordinatorOf(String transactionalId) {
		try (Admin admin = admin()) {
			TransactionDescription description = admin.describeTransactions(List.of(transactionalId))
				.description(transactionalId)
				.get(30, TimeUnit.SECONDS);
			return description.coordinatorId();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not find the coordinator of transactional id " + transactionalId,
					ex);
		}
	}

	/**
	 * Kill a node with -9: no controlled shutdown, no flush.
	 * @param nodeId its id
	 */
	public void kill(int nodeId) {
		node(nodeId).kill();
	}

	/**
	 * Stop a node the way an operator does: SIGTERM, controlled shutdown, leaderships
	 * handed over first.
	 * @param nodeId its id
	 */
	public void stop(int nodeId) {
		node(nodeId).stop();
	}

	/**
	 * Start a killed or stopped node again on its data and ports, and wait until it
	 * serves clients and every partition it holds is back in sync.
	 * @param nodeId its id
	 */
	public void restart(int nodeId) {
		KafkaNode node = node(nodeId);
		node.launch();
		node.awaitServing();
		awaitFullyReplicated();
	}

	/**
	 * Return whether a node runs.
	 * @param nodeId its id
	 * @return whether its process is alive
	 */
	public boolean isRunning(int nodeId) {
		return node(nodeId).isAlive();
	}

	/**
	 * Wait until every partition of every topic has all its replicas in sync again.
	 */
	public void awaitFullyReplicated() {
		try (Admin admin = admin()) {
			Awaitility.await().atMost(START_CEILING).ignoreExceptions().until(() -> {
				Collection<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
					.names()
					.get(30, TimeUnit.SECONDS);
				return admin.describeTopics(topics)
					.allTopicNames()
					.get(30, TimeUnit.SECONDS)
					.values()
					.stream()
					.flatMap((description) -> description.partitions().stream())
					.allMatch((info) -> info.leader() != null && info.isr().size() == info.replicas().size());
			});
		}
	}

	/**
	 * Return the ids of every node.
	 * @return the ids
	 */
	public List<Integer> nodeIds() {
		return this.nodes.stream().map((node) -> node.id).toList();
	}

	private KafkaNode node(int nodeId) {
		return this.nodes.stream()
			.filter((node) -> node.id == nodeId)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node " + nodeId));
	}

	private void awaitAllServing() {
		this.nodes.forEach(KafkaNode::awaitServing);
		// The controllers know every broker, so topics can be replicated on all of them
		try (Admin admin = admin()) {
			Awaitility.await()
				.atMost(START_CEILING)
				.ignoreExceptions()
				.until(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size() == NODES);
		}
	}

	private static TopicDescription describe(Admin admin, String topic) {
		try {
			return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not describe " + topic, ex);
		}
	}

	private static int[] freePorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				socket.setReuseAddress(true);
				sockets.add(socket);
			}
			return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	@Override
	public void close() {
		destroyAll();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down already
		}
		// The logs stay for a look after a failure, the data goes
		this.nodes.forEach((node) -> deleteRecursively(node.directory.resolve("data")));
	}

	private void destroyAll() {
		this.nodes.forEach(KafkaNode::kill);
	}

	private static void deleteRecursively(Path path) {
		try (Stream<Path> paths = Files.walk(path)) {
			paths.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// Left for 'mvn clean'
		}
	}

	/**
	 * One node: its configuration, its data and its process.
	 */
	private static final class KafkaNode {

		private final int id;

		private final int port;

		private final Path directory;

		private final Path config;

		private final @Nullable Map<String, String> users;

		private volatile Process process;

		private KafkaNode(int id, int port, Path directory, @Nullable Map<String, String> users) {
			this.id = id;
			this.port = port;
			this.directory = directory;
			this.config = directory.resolve("server.properties");
			this.users = users;
		}

		void configure(String voters, int controllerPort) throws IOException {
			Files.createDirectories(this.directory.resolve("data"));
			Properties properties = new Properties();
			properties.put("process.roles", "broker,controller");
			properties.put("node.id", String.valueOf(this.id));
			properties.put("controller.quorum.voters", voters);
			properties.put("listeners",
					"PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + controllerPort);
			properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.port);
			properties.put("controller.listener.names", "CONTROLLER");
			properties.put("inter.broker.listener.name", "PLAINTEXT");
			properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
			properties.put("log.dirs", this.directory.resolve("data").toString());
			properties.put("auto.create.topics.enable", "false");
			properties.put("default.replication.factor", String.valueOf(NODES));
			properties.put("min.insync.replicas", "2");
			properties.put("offsets.topic.replication.factor", String.valueOf(NODES));
			properties.put("offsets.topic.num.partitions", "6");
			properties.put("transaction.state.log.replication.factor", String.valueOf(NODES));
			properties.put("transaction.state.log.min.isr", "2");
			properties.put("transaction.state.log.num.partitions", "6");
			properties.put("share.coordinator.state.topic.replication.factor", String.valueOf(NODES));
			properties.put("share.coordinator.state.topic.min.isr", "2");
			properties.put("group.initial.rebalance.delay.ms", "0");
			properties.put("unclean.leader.election.enable", "false");
			// Kafka's defaults: a killed node is fenced, and leaves every ISR, within
			// nine seconds, and acks=all writes stall that long. Shorter sessions fence
			// live nodes whose controller is starved on a loaded two-core machine.
			properties.put("broker.heartbeat.interval.ms", "2000");
			properties.put("broker.session.timeout.ms", "9000");
			// Fewer no-op records for the starved controller to write
			properties.put("metadata.max.idle.interval.ms", "5000");
			properties.put("replica.lag.time.max.ms", "5000");
			// Small and few: three JVMs share two cores with the tests
			properties.put("num.network.threads", "2");
			properties.put("num.io.threads", "2");
			properties.put("num.recovery.threads.per.data.dir", "1");
			properties.put("num.replica.fetchers", "1");
			properties.put("background.threads", "2");
			properties.put("log.cleaner.threads", "1");
			properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
			properties.put("log.cleaner.backoff.ms", "1000");
			if (this.users != null) {
				secure(properties, controllerPort);
			}
			try (var writer = Files.newBufferedWriter(this.config)) {
				properties.store(writer, "node " + this.id);
			}
			Files.writeString(this.directory.resolve("logback.xml"),
					"""
							<configuration>
							  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
							    <file>%s</file>
							    <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{36} - %%msg%%n</pattern></encoder>
							  </appender>
							  <logger name="kafka" level="INFO"/>
							  <logger name="org.apache.kafka" level="INFO"/>
							  <logger name="state.change.logger" level="WARN"/>
							  <logger name="kafka.request.logger" level="WARN"/>
							  <root level="WARN"><appender-ref ref="FILE"/></root>
							</configuration>
							"""
						.formatted(this.directory.resolve("node-" + this.id + ".log")));
		}

		/**
		 * Clients and the other brokers authenticate with SASL/PLAIN on the broker
		 * listener; the controllers' listener stays unauthenticated.
		 */
		private void secure(Properties properties, int controllerPort) {
			Map<String, String> users = Objects.requireNonNull(this.users);
			properties.put("listeners",
					"SASL_PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + controllerPort);
			properties.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + this.port);
			properties.put("inter.broker.listener.name", "SASL_PLAINTEXT");
			properties.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
			properties.put("sasl.enabled.mechanisms", "PLAIN");
			properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
			StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
					+ " username=\"" + ADMIN + "\" password=\"" + users.get(ADMIN) + "\"");
			users.forEach(
					(user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append("\""));
			properties.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
			properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
			properties.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
			properties.put("allow.everyone.if.no.acl.found", "false");
		}

		void format(String clusterId) {
			ByteArrayOutputStream output = new ByteArrayOutputStream();
			int status = kafka.tools.StorageTool$.MODULE$.execute(
					new String[] { "format", "--cluster-id", clusterId, "--config", this.config.toString() },
					new PrintStream(output, true, StandardCharsets.UTF_8));
			if (status != 0) {
				throw new IllegalStateException("Could not format node " + this.id + ": " + output);
			}
		}

		synchronized void launch() {
			if (isAlive()) {
				throw new IllegalStateException("Node " + this.id + " runs already");
			}
			List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
					"-Dlogback.configurationFile=" + this.directory.resolve("logback.xml"), "-cp",
					System.getProperty("java.class.path"), "kafka.Kafka", this.config.toString());
			try {
				this.process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("stdout.log").toFile()))
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		void awaitServing() {
			Awaitility.await("node " + this.id + " serving on port " + this.port)
				.atMost(START_CEILING)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					if (!isAlive()) {
						throw new IllegalStateException("Node " + this.id + " exited; see " + this.directory);
					}
					try (Socket socket = new Socket()) {
						socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
						return true;
					}
					catch (IOException ex) {
						return false;
					}
				});
		}

		boolean isAlive() {
			Process process = this.process;
			return process != null && process.isAlive();
		}

		synchronized void stop() {
			Process process = this.process;
			if (process != null) {
				process.destroy();
				try {
					if (!process.waitFor(120, TimeUnit.SECONDS)) {
						process.destroyForcibly().waitFor();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		synchronized void kill() {
			Process process = this.process;
			if (process != null) {
				process.destroyForcibly();
				try {
					process.waitFor(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
