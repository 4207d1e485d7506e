package io.bluegreen.cli.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import io.bluegreen.cli.BlueGreenCli;
import io.bluegreen.cli.ExitCode;
import io.bluegreen.cli.JsonHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bluegreen connect} against real Connect workers (two clusters on one Kafka) with
 * a real sink connector that journals every record it receives: switches back and forth
 * under continuous load deliver every record exactly once, in offset order within each
 * partition, with the two connectors never running at once; a rejected offset write
 * leaves the old connector running; a resume answered 502 by a proxy, whether it was
 * applied or not, never runs both; bad input changes nothing.
 */
class ConnectorSwitchIntegrationTests {

	private static final int PARTITIONS = 3;

	private static final int SWITCHES = 20;

	private static final String JOURNAL_NAME = "connector-switch-tests";

	/**
	 * Every record delivered to any task of any journaling connector, in delivery order.
	 */
	private static final ConcurrentLinkedQueue<Entry> JOURNAL = new ConcurrentLinkedQueue<>();

	private static final Duration CEILING = Duration.ofSeconds(60);

	private static EmbeddedConnectCluster connect;

	private static WorkerHandle otherCluster;

	private static String url;

	@BeforeAll
	static void startConnect() {
		JournalingSinkConnector.register(JOURNAL_NAME, (connector, record) -> JOURNAL.add(new Entry(connector,
				record.originalTopic(), record.originalKafkaPartition(), record.originalKafkaOffset())));
		connect = new EmbeddedConnectCluster.Builder().name("bluegreen-connect")
			.numWorkers(1)
			.numBrokers(1)
			// the journal connector has a ServiceLoader manifest: no scan of the whole
			// test class path
			.workerProps(new HashMap<>(Map.of("plugin.discovery", "service_load")))
			.build();
		connect.start();
		url = withoutSlash(connect.workers().iterator().next().url().toString());
		Map<String, String> other = new HashMap<>();
		other.put("bootstrap.servers", connect.kafka().bootstrapServers());
		other.put("listeners", "HTTP://localhost:0");
		other.put("group.id", "bluegreen-connect-other");
		other.put("offset.storage.topic", "bluegreen-connect-other-offsets");
		other.put("config.storage.topic", "bluegreen-connect-other-configs");
		other.put("status.storage.topic", "bluegreen-connect-other-status");
		other.put("offset.storage.replication.factor", "1");
		other.put("config.storage.replication.factor", "1");
		other.put("status.storage.replication.factor", "1");
		other.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
		other.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
		other.put("plugin.discovery", "service_load");
		otherCluster = WorkerHandle.start("bluegreen-connect-other", other);
	}

	@AfterAll
	static void stopConnect() {
		if (otherCluster != null) {
			otherCluster.stop();
		}
		if (connect != null) {
			connect.stop();
		}
		JournalingSinkConnector.unregister(JOURNAL_NAME);
	}

	@Test
	void switchesBackAndForthUnderLoadDeliverEveryRecordOnceInOrderAndNeverTwoAtOnce() throws Exception {
		String topic = createTopic("orders");
		create(url, "orders-blue", topic, CreateConnectorRequest.InitialState.RUNNING, false);
		create(url, "orders-green", topic, CreateConnectorRequest.InitialState.STOPPED, false);
		awaitRunning("orders-blue");
		List<Long> tookMillis = new ArrayList<>();
		try (Load load = new Load(topic)) {
			awaitJournaled("orders-blue", topic, 50);
			for (int i = 0; i < SWITCHES; i++) {
				String from = (i % 2 == 0) ? "orders-blue" : "orders-green";
				String to = (i % 2 == 0) ? "orders-green" : "orders-blue";
				long before = journaled(to, topic);

				Run run = run("connect", "switch", "--connect", url, "--from", from, "--to", to, "--json");

				assertThat(run.exitCode()).as(run.output()).isZero();
				JsonNode result = JsonHttp.parse(run.output());
				assertThat(result.path("outcome").asString()).as(run.output()).isEqualTo("COMPLETED");
				tookMillis.add(result.path("tookMillis").asLong());
				// every round hands over real progress: the new connector takes records
				// before the next switch
				awaitJournaled(to, topic, before + 20);
			}
			load.stop();
			assertEveryRecordOnceInOrder(topic, load.endOffsets());
		}
		assertThat(runs(topic)).as("connector runs in journal order: one per switch, never interleaved")
			.hasSize(SWITCHES + 1);
		assertThat(connect.connectorStatus("orders-blue").connector().state()).isEqualTo("RUNNING");
		assertThat(connect.connectorStatus("orders-green").connector().state()).isEqualTo("STOPPED");
		tookMillis.sort(Long::compare);
		System.out.println("connect switch times (ms): p50 " + tookMillis.get(tookMillis.size() / 2) + ", max "
				+ tookMillis.get(tookMillis.size() - 1) + ", all " + tookMillis);
	}

	@Test
	void aRejectedOffsetWriteResumesTheOldConnectorAndChangesNothingElse() throws Exception {
		String topic = createTopic("payments");
		create(url, "payments-blue", topic, CreateConnectorRequest.InitialState.RUNNING, false);
		create(url, "payments-green", topic, CreateConnectorRequest.InitialState.STOPPED, true);
		awaitRunning("payments-blue");
		try (Load load = new Load(topic)) {
			awaitJournaled("payments-blue", topic, 50);

			Run run = run("connect", "switch", "--connect", url, "--from", "payments-blue", "--to", "payments-green");

			assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.ABORTED);
			assertThat(run.output()).contains("stop payments-blue", "read offsets", "failed",
					"cannot write the offsets of 'payments-green'", "rejects offsets", "resume payments-blue",
					"aborted in ", "'payments-blue' resumed and runs, 'payments-green' does not run");
			assertThat(connect.connectorStatus("payments-green").connector().state()).isEqualTo("STOPPED");
			assertThat(connect.connectorOffsets("payments-green").offsets()).isEmpty();
			long before = journaled("payments-blue", topic);
			awaitJournaled("payments-blue", topic, before + 20);
			load.stop();
			assertEveryRecordOnceInOrder(topic, load.endOffsets());
		}
		assertThat(journaled("payments-green", topic)).isZero();
	}

	@Test
	void aSwitchToAnotherConnectClusterOnTheSameKafkaAndBack() throws Exception {
		String topic = createTopic("stock");
		String other = withoutSlash(otherCluster.url().toString());
		create(url, "stock-blue", topic, CreateConnectorRequest.InitialState.RUNNING, false);
		create(other, "stock-green", topic, CreateConnectorRequest.InitialState.STOPPED, false);
		awaitRunning("stock-blue");
		try (Load load = new Load(topic)) {
			awaitJournaled("stock-blue", topic, 50);

			Run there = run("connect", "switch", "--connect", url, "--connect-to", other, "--from", "stock-blue",
					"--to", "stock-green");

			assertThat(there.exitCode()).as(there.output()).isZero();
			assertThat(there.output()).contains("-> " + other, "completed in ");
			awaitJournaled("stock-green", topic, 20);
			Run back = run("connect", "switch", "--connect", other, "--connect-to", url, "--from", "stock-green",
					"--to", "stock-blue");
			assertThat(back.exitCode()).as(back.output()).isZero();
			long before = journaled("stock-blue", topic);
			awaitJournaled("stock-blue", topic, before + 20);
			load.stop();
			assertEveryRecordOnceInOrder(topic, load.endOffsets());
		}
		assertThat(runs(topic)).hasSize(3);
	}

	@Test
	void badInputIsRefusedAndChangesNothing() throws Exception {
		String topic = createTopic("refunds");
		String otherTopic = createTopic("other");
		create(url, "refunds-blue", topic, CreateConnectorRequest.InitialState.RUNNING, false);
		create(url, "refunds-green", topic, CreateConnectorRequest.InitialState.STOPPED, false);
		create(url, "refunds-red", topic, CreateConnectorRequest.InitialState.STOPPED, false);
		create(url, "refunds-elsewhere", otherTopic, CreateConnectorRequest.InitialState.STOPPED, false);
		Map<String, Object> source = Map.of("name", "refunds-source", "config",
				Map.of("connector.class", IdleSourceConnector.class.getName(), "tasks.max", "1"), "initial_state",
				"STOPPED");
		assertThat(new JsonHttp(List.of())
			.send("POST", java.net.URI.create(url + "/connectors"), source, Duration.ofSeconds(30))
			.status()).isEqualTo(201);
		awaitRunning("refunds-blue");

		assertRefused(ExitCode.REFUSED, "'refunds-source' is a source connector: only sink connectors switch", "--from",
				"refunds-blue", "--to", "refunds-source");
		assertRefused(ExitCode.REFUSED, "no connector 'refunds-purple' at " + url, "--from", "refunds-blue", "--to",
				"refunds-purple");
		assertRefused(ExitCode.REFUSED, "no connector 'refunds-purple' at " + url, "--from", "refunds-purple", "--to",
				"refunds-green");
		assertRefused(ExitCode.REFUSED, "--from and --to name the same connector 'refunds-blue'", "--from",
				"refunds-blue", "--to", "refunds-blue");
		assertRefused(ExitCode.REFUSED, "the offsets of one mean nothing to the other", "--from", "refunds-blue",
				"--to", "refunds-elsewhere");
		assertRefused(ExitCode.REFUSED, "'refunds-green' is STOPPED and 'refunds-red' is STOPPED: neither runs",
				"--from", "refunds-green", "--to", "refunds-red");
		Run unchanged = run("connect", "switch", "--connect", url, "--from", "refunds-green", "--to", "refunds-blue");
		assertThat(unchanged.exitCode()).as(unchanged.output()).isZero();
		assertThat(unchanged.output()).contains("unchanged",
				"'refunds-blue' already runs and 'refunds-green' is stopped");
		Run unreachable = run("connect", "switch", "--connect", "http://localhost:1", "--from", "refunds-blue", "--to",
				"refunds-green");
		assertThat(unreachable.exitCode()).as(unreachable.output()).isEqualTo(ExitCode.UNREACHABLE);
		assertThat(unreachable.output()).contains("nothing changed");
		Run usage = run("connect", "switch", "--connect", url, "--from", "refunds-blue");
		assertThat(usage.exitCode()).isEqualTo(ExitCode.USAGE);
		assertThat(usage.output()).contains("Missing required option: '--to=<connector>'",
				"usage: bluegreen connect switch");

		assertThat(connect.connectorStatus("refunds-blue").connector().state()).isEqualTo("RUNNING");
		assertThat(connect.connectorStatus("refunds-green").connector().state()).isEqualTo("STOPPED");
		assertThat(connect.connectorStatus("refunds-red").connector().state()).isEqualTo("STOPPED");
		assertThat(connect.connectorStatus("refunds-elsewhere").connector().state()).isEqualTo("STOPPED");
		assertThat(connect.connectorStatus("refunds-source").connector().state()).isEqualTo("STOPPED");
	}

	@ParameterizedTest
	@EnumSource(ProxyMode.class)
	void aResumeAnswered502ByAProxyNeverRunsBothConnectors(ProxyMode mode) throws Exception {
		String topic = createTopic("parcels");
		String blue = "parcels-blue-" + mode.name().toLowerCase();
		String green = "parcels-green-" + mode.name().toLowerCase();
		create(url, blue, topic, CreateConnectorRequest.InitialState.RUNNING, false);
		create(url, green, topic, CreateConnectorRequest.InitialState.STOPPED, false);
		awaitRunning(blue);
		try (Load load = new Load(topic); Proxy proxy = new Proxy(url, "/connectors/" + green + "/resume", mode)) {
			awaitJournaled(blue, topic, 50);

			Run run = run("connect", "switch", "--connect", proxy.url(), "--from", blue, "--to", green);

			assertThat(proxy.answered502()).isTrue();
			if (mode == ProxyMode.APPLIED_THEN_502) {
				assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.UNKNOWN);
				assertThat(run.output()).contains("unknown in ", "HTTP 502", "'" + blue + "' is left stopped",
						"bluegreen connect status --connect " + proxy.url() + " " + blue + " " + green);
				awaitJournaled(green, topic, 20);
				long blueBefore = journaled(blue, topic);
				long greenBefore = journaled(green, topic);
				awaitJournaled(green, topic, greenBefore + 50);
				assertThat(journaled(blue, topic)).as("records the stopped old connector took").isEqualTo(blueBefore);
				assertThat(connect.connectorStatus(blue).connector().state()).isEqualTo("STOPPED");
			}
			else {
				assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.ABORTED);
				assertThat(run.output()).contains("HTTP 502", "verify " + green + " stopped",
						"'" + blue + "' resumed and runs");
				long before = journaled(blue, topic);
				awaitJournaled(blue, topic, before + 20);
				assertThat(connect.connectorStatus(green).connector().state()).isEqualTo("STOPPED");
			}
			load.stop();
			assertEveryRecordOnceInOrder(topic, load.endOffsets());
		}
		assertThat(runs(topic)).as("connector runs in journal order: the two never interleave")
			.containsExactlyElementsOf((mode == ProxyMode.APPLIED_THEN_502) ? List.of(blue, green) : List.of(blue));
	}

	@Test
	void statusShowsStateTasksOffsetsAndLag() throws Exception {
		String topic = createTopic("invoices");
		create(url, "invoices-blue", topic, CreateConnectorRequest.InitialState.RUNNING, false);
		create(url, "invoices-green", topic, CreateConnectorRequest.InitialState.STOPPED, false);
		awaitRunning("invoices-blue");
		Map<Integer, Long> ends;
		try (Load load = new Load(topic)) {
			awaitJournaled("invoices-blue", topic, 20);
			load.stop();
			ends = load.endOffsets();
		}
		Run run = run("connect", "status", "--connect", url, "invoices-blue", "invoices-green");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains(
				"connector invoices-blue at " + url + ": sink, RUNNING, tasks [RUNNING, RUNNING]",
				"connector invoices-green at " + url + ": sink, STOPPED, no tasks", "no committed offsets");
		Run json = run("connect", "status", "--connect", url, "invoices-blue", "--json");
		assertThat(json.exitCode()).as(json.output()).isZero();
		JsonNode connector = JsonHttp.parse(json.output()).path("connectors").path(0);
		assertThat(connector.path("state").asString()).isEqualTo("RUNNING");
		assertThat(connector.path("tasks").size()).isEqualTo(2);
		long total = ends.values().stream().mapToLong(Long::longValue).sum();
		await().atMost(CEILING).until(() -> journaled("invoices-blue", topic) >= total);
		connect.stopConnector("invoices-blue");
		awaitStopped("invoices-blue");
		try (KafkaProducer<String, String> producer = producer()) {
			for (int i = 0; i < 7; i++) {
				producer.send(new ProducerRecord<>(topic, 0, "k", "late")).get();
			}
		}
		Run lag = run("connect", "status", "--connect", url, "invoices-blue", "--bootstrap-server",
				connect.kafka().bootstrapServers());
		assertThat(lag.exitCode()).as(lag.output()).isZero();
		assertThat(lag.output()).contains(topic + "-0 " + ends.get(0) + ", lag 7",
				topic + "-1 " + ends.get(1) + ", lag 0", topic + "-2 " + ends.get(2) + ", lag 0");
		Run unknown = run("connect", "status", "--connect", url, "invoices-purple");
		assertThat(unknown.exitCode()).isEqualTo(ExitCode.ERROR);
		assertThat(unknown.output()).contains("no connector 'invoices-purple' at " + url);
	}

	private static void assertRefused(int exitCode, String message, String... args) {
		List<String> command = new ArrayList<>(List.of("connect", "switch", "--connect", url));
		command.addAll(List.of(args));
		Run run = run(command.toArray(String[]::new));
		assertThat(run.exitCode()).as(run.output()).isEqualTo(exitCode);
		assertThat(run.output()).contains("refused in ", message, "nothing changed");
	}

	private static void assertEveryRecordOnceInOrder(String topic, Map<Integer, Long> endOffsets) {
		long total = endOffsets.values().stream().mapToLong(Long::longValue).sum();
		await().atMost(CEILING).until(() -> journal(topic).size() >= total);
		Map<Integer, List<Long>> byPartition = new TreeMap<>();
		journal(topic).forEach((entry) -> byPartition.computeIfAbsent(entry.partition(), (p) -> new ArrayList<>())
			.add(entry.offset()));
		endOffsets.forEach((partition, end) -> {
			List<Long> expected = new ArrayList<>();
			for (long offset = 0; offset < end; offset++) {
				expected.add(offset);
			}
			assertThat(byPartition.getOrDefault(partition, List.of()))
				.as("offsets delivered of partition %d, in delivery order", partition)
				.containsExactlyElementsOf(expected);
		});
		assertThat(journal(topic)).hasSize((int) total);
	}

	private static List<String> runs(String topic) {
		List<String> runs = new ArrayList<>();
		for (Entry entry : journal(topic)) {
			if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(entry.connector())) {
				runs.add(entry.connector());
			}
		}
		return runs;
	}

	private static List<Entry> journal(String topic) {
		return JOURNAL.stream().filter((entry) -> entry.topic().equals(topic)).toList();
	}

	private static long journaled(String connector, String topic) {
		return journal(topic).stream().filter((entry) -> entry.connector().equals(connector)).count();
	}

	private static void awaitJournaled(String connector, String topic, long count) {
		await().atMost(CEILING).until(() -> journaled(connector, topic) >= count);
	}

	private static void awaitRunning(String connector) {
		await().atMost(CEILING).until(() -> {
			var status = connect.connectorStatus(connector);
			return status.connector().state().equals("RUNNING") && !status.tasks().isEmpty()
					&& status.tasks().stream().allMatch((task) -> task.state().equals("RUNNING"));
		});
	}

	private static void awaitStopped(String connector) {
		await().atMost(CEILING).until(() -> {
			var status = connect.connectorStatus(connector);
			return status.connector().state().equals("STOPPED") && status.tasks().isEmpty();
		});
	}

	private static KafkaProducer<String, String> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers()),
				new StringSerializer(), new StringSerializer());
	}

	private static String createTopic(String prefix) {
		String topic = prefix + "-" + System.nanoTime();
		connect.kafka().createTopic(topic, PARTITIONS);
		return topic;
	}

	private static void create(String cluster, String name, String topic, CreateConnectorRequest.InitialState state,
			boolean rejectOffsets) throws Exception {
		Map<String, Object> config = new HashMap<>();
		config.put("connector.class", JournalingSinkConnector.class.getName());
		config.put("tasks.max", "2");
		config.put("topics", topic);
		config.put(JournalingSinkConnector.JOURNAL, JOURNAL_NAME);
		config.put(JournalingSinkConnector.REJECT_OFFSETS, String.valueOf(rejectOffsets));
		Map<String, Object> request = Map.of("name", name, "config", config, "initial_state", state.name());
		var answer = new JsonHttp(List.of()).send("POST", java.net.URI.create(cluster + "/connectors"), request,
				Duration.ofSeconds(30));
		assertThat(answer.status()).as(answer.text()).isEqualTo(201);
	}

	private static String withoutSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static Run run(String... args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int exitCode = BlueGreenCli.run(args, out, out, Map.of());
		return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String output) {
	}

	/**
	 * One record as a connector received it.
	 *
	 * @param connector the connector's name
	 * @param topic the topic
	 * @param partition the partition
	 * @param offset the offset
	 */
	private record Entry(String connector, String topic, int partition, long offset) {
	}

	/**
	 * How the proxy answers the one resume it intercepts.
	 */
	enum ProxyMode {

		/**
		 * Forwards the resume to Connect, then answers 502, as a proxy whose upstream
		 * answer was lost.
		 */
		APPLIED_THEN_502,

		/** Answers 502 without forwarding, as a proxy that found no upstream. */
		NOT_FORWARDED_502

	}

	/**
	 * A loopback HTTP proxy in front of a Connect worker that forwards every request,
	 * except that it answers the first request to one path with 502.
	 */
	private static final class Proxy implements AutoCloseable {

		private static final byte[] BAD_GATEWAY = "<html><body><h1>502 Bad Gateway</h1></body></html>"
			.getBytes(StandardCharsets.UTF_8);

		private final HttpServer server;

		private final HttpClient client = HttpClient.newHttpClient();

		private final String upstream;

		private final String interceptedPath;

		private final ProxyMode mode;

		private final AtomicBoolean answered502 = new AtomicBoolean();

		Proxy(String upstream, String interceptedPath, ProxyMode mode) throws IOException {
			this.upstream = upstream;
			this.interceptedPath = interceptedPath;
			this.mode = mode;
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.createContext("/", this::handle);
			this.server.start();
		}

		String url() {
			return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort();
		}

		boolean answered502() {
			return this.answered502.get();
		}

		private void handle(HttpExchange exchange) throws IOException {
			try (exchange) {
				String path = exchange.getRequestURI().getRawPath();
				byte[] body = exchange.getRequestBody().readAllBytes();
				boolean intercept = path.equals(this.interceptedPath) && exchange.getRequestMethod().equals("PUT")
						&& this.answered502.compareAndSet(false, true);
				if (intercept && this.mode == ProxyMode.NOT_FORWARDED_502) {
					reply(exchange, 502, BAD_GATEWAY);
					return;
				}
				HttpResponse<byte[]> answer = forward(exchange, body);
				if (intercept) {
					reply(exchange, 502, BAD_GATEWAY);
					return;
				}
				reply(exchange, answer.statusCode(), answer.body());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body)
				throws IOException, InterruptedException {
			String query = exchange.getRequestURI().getRawQuery();
			HttpRequest.Builder request = HttpRequest
				.newBuilder(java.net.URI.create(
						this.upstream + exchange.getRequestURI().getRawPath() + ((query != null) ? "?" + query : "")))
				.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			if (contentType != null) {
				request.header("Content-Type", contentType);
			}
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}

		private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
			exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
			if (body.length > 0) {
				exchange.getResponseBody().write(body);
			}
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

	/**
	 * Records sent to every partition of a topic, continuously, until stopped.
	 */
	private static final class Load implements AutoCloseable {

		private final String topic;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong sent = new AtomicLong();

		private final Thread thread;

		Load(String topic) {
			this.topic = topic;
			this.thread = new Thread(this::send, "load-" + topic);
			this.thread.start();
		}

		private void send() {
			try (KafkaProducer<String, String> producer = producer()) {
				while (this.running.get()) {
					long n = this.sent.getAndIncrement();
					producer.send(new ProducerRecord<>(this.topic, (int) (n % PARTITIONS), "k" + n, "v" + n));
					if (n % 20 == 0) {
						producer.flush();
						Thread.sleep(10);
					}
				}
				producer.flush();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join(CEILING.toMillis());
		}

		Map<Integer, Long> endOffsets() throws Exception {
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", connect.kafka().bootstrapServers()))) {
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				for (int p = 0; p < PARTITIONS; p++) {
					latest.put(new TopicPartition(this.topic, p), OffsetSpec.latest());
				}
				return admin.listOffsets(latest)
					.all()
					.get()
					.entrySet()
					.stream()
					.collect(Collectors.toMap((e) -> e.getKey().partition(), (e) -> e.getValue().offset()));
			}
		}

		@Override
		public void close() throws InterruptedException {
			stop();
		}

	}

}
