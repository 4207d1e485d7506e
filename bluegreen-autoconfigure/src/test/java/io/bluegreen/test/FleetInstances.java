package io.bluegreen.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances of one deployment, in several colors, each its own application context on the
 * embedded broker or on a {@link KafkaCluster}. Keeps the record log of every instance,
 * also after it stopped, so a test can account for every record by partition, offset,
 * color and time.
 */
public class FleetInstances implements AutoCloseable {

	private final String topic;

	private final String group = EmbeddedBroker.uniqueName("orders");

	private final String deployment = EmbeddedBroker.uniqueName("deployment");

	private final String controlTopic = EmbeddedBroker.uniqueName("control");

	private final Map<String, ConfigurableApplicationContext> running = new LinkedHashMap<>();

	private final Map<String, String> colors = new LinkedHashMap<>();

	private final List<Instance> instances = new ArrayList<>();

	private final Map<String, InstanceProcess> processes = new LinkedHashMap<>();

	private final Map<String, String> processColors = new LinkedHashMap<>();

	private final Map<String, Path> journalPaths = new LinkedHashMap<>();

	private final List<String> common;

	/**
	 * Create instances of a deployment consuming a topic of the embedded broker, with a
	 * control topic replicated once, as one broker allows.
	 * @param topic the topic
	 * @param properties properties of every instance
	 */
	public FleetInstances(String topic, String... properties) {
		this(EmbeddedBroker.bootstrapServers(), 1, 1, topic, properties);
	}

	private FleetInstances(String bootstrapServers, int controlReplicationFactor, int controlMinInsyncReplicas,
			String topic, String... properties) {
		this.topic = topic;
		List<String> common = new ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + bootstrapServers,
				"bluegreen.fleet.control-topic-replication-factor=" + controlReplicationFactor,
				"bluegreen.fleet.control-topic-min-insync-replicas=" + controlMinInsyncReplicas));
		common.addAll(List.of(properties));
		this.common = List.copyOf(common);
	}

	/**
	 * Create instances of a deployment consuming a topic of a three-node cluster, with a
	 * control topic of the default durability: replication factor 3,
	 * {@code min.insync.replicas=2}.
	 * @param cluster the cluster
	 * @param topic the topic
	 * @param properties properties of every instance
	 * @return the instances, none started yet
	 */
	public static FleetInstances onCluster(KafkaCluster cluster, String topic, String... properties) {
		return new FleetInstances(cluster.bootstrapServers(), 3, 2, topic, properties);
	}

	public String group() {
		return this.group;
	}

	public String deployment() {
		return this.deployment;
	}

	public String controlTopic() {
		return this.controlTopic;
	}

	public ConfigurableApplicationContext start(String instanceId, String color, String... properties) {
		return start(WebApplicationType.NONE, instanceId, color, properties);
	}

	public synchronized ConfigurableApplicationContext start(WebApplicationType web, String instanceId, String color,
			String... properties) {
		List<String> all = properties(instanceId, color);
		all.addAll(List.of(properties));
		ConfigurableApplicationContext app = OrdersTestApplication.start(web, all.toArray(String[]::new));
		this.running.put(instanceId, app);
		this.colors.put(instanceId, color);
		this.instances.add(new Instance(instanceId, color, app.getBean(RecordLog.class)));
		return app;
	}

	/**
	 * Start an instance in a JVM of its own, which {@link #kill(String)} kills with -9.
	 * Its processed records are read from a journal file.
	 */
	public synchronized void startProcess(String instanceId, String color, String... properties) throws IOException {
		Path directory = Files.createDirectories(Path.of("target", "instances"));
		Path journal = directory.resolve(this.deployment + "-" + instanceId + ".journal");
		List<String> arguments = new ArrayList<>(properties(instanceId, color));
		arguments.add("test.record-journal=" + journal.toAbsolutePath());
		arguments.addAll(List.of(properties));
		InstanceProcess process = InstanceProcess.start(OrdersTestApplication.class,
				directory.resolve(this.deployment + "-" + instanceId + ".log"), arguments);
		this.processes.put(instanceId, process);
		this.processColors.put(instanceId, color);
		this.journalPaths.put(instanceId, journal);
	}

	/**
	 * Kill an instance started with {@link #startProcess} with -9: no shutdown hook, no
	 * commit, no leaving the group.
	 */
	public void kill(String instanceId) throws InterruptedException {
		InstanceProcess process = this.processes.remove(instanceId);
		process.kill();
	}

	/**
	 * Stop an instance started with {@link #startProcess} cleanly, with {@code SIGTERM}:
	 * its shutdown hook closes its application context, as when an orchestrator stops a
	 * pod, and the JVM exits once the hook returned.
	 */
	public void terminate(String instanceId) throws InterruptedException {
		InstanceProcess process = this.processes.remove(instanceId);
		process.terminate(EmbeddedBroker.waitCeiling());
	}

	/**
	 * Wait until an instance started with {@link #startProcess} is live in the fleet,
	 * with consumers in its groups, as a running instance of the fleet sees it.
	 * @param instanceId the instance started in a JVM of its own
	 */
	public void awaitLive(String instanceId) {
		String observer = this.running.keySet().iterator().next();
		this.processes.get(instanceId).awaitLive(service(observer), instanceId);
	}

	/**
	 * Stop an instance started with {@link #startProcess} with {@code SIGSTOP}: it keeps
	 * its connections and its consumers stay group members until their sessions expire,
	 * but it does nothing until {@link #resume(String)}.
	 */
	public void suspend(String instanceId) throws Exception {
		signal(instanceId, "-STOP");
	}

	/**
	 * Continue an instance stopped with {@link #suspend(String)}.
	 */
	public void resume(String instanceId) throws Exception {
		signal(instanceId, "-CONT");
	}

	private void signal(String instanceId, String signal) throws Exception {
		long pid = this.processes.get(instanceId).pid();
		int exit = new ProcessBuilder("kill", signal, String.valueOf(pid)).inheritIO().start().waitFor();
		assertThat(exit).as("kill " + signal + " " + pid).isZero();
	}

	private List<String> properties(String instanceId, String color) {
		List<String> all = new ArrayList<>(List.of("test.topic=" + this.topic,
				"spring.kafka.consumer.group-id=" + this.group, "bluegreen.color=" + color,
				"bluegreen.fleet.enabled=true", "bluegreen.fleet.deployment=" + this.deployment,
				"bluegreen.fleet.instance-id=" + instanceId, "bluegreen.fleet.control-topic=" + this.controlTopic,
				"bluegreen.fleet.heartbeat-interval=200ms", "bluegreen.fleet.instance-timeout=3s",
				"bluegreen.fleet.switch-timeout=15s", "bluegreen.fleet.offset-sync-interval=300ms",
				"bluegreen.initial-state=" + (color.equals("blue") ? "ACTIVE" : "PAUSED")));
		all.addAll(this.common);
		return all;
	}

	public ConfigurableApplicationContext get(String instanceId) {
		ConfigurableApplicationContext app = this.running.get(instanceId);
		assertThat(app).as("running instance " + instanceId).isNotNull();
		return app;
	}

	public FleetService service(String instanceId) {
		return get(instanceId).getBean(FleetService.class);
	}

	public LifecycleState state(String instanceId) {
		return get(instanceId).getBean(LifecycleService.class).getState();
	}

	public synchronized void stop(String instanceId) {
		ConfigurableApplicationContext app = this.running.remove(instanceId);
		if (app != null) {
			app.close();
		}
	}

	public synchronized List<String> running(String color) {
		return this.running.keySet().stream().filter((id) -> this.colors.get(id).equals(color)).toList();
	}

	/**
	 * Wait until the running instances of a color share all partitions, each with some.
	 */
	public void awaitBalanced(String color, int partitions) {
		Awaitility.await().atMost(EmbeddedBroker.waitCeiling()).until(() -> {
			List<Integer> assigned = running(color).stream().map(this::assigned).toList();
			return assigned.stream().mapToInt(Integer::intValue).sum() == partitions
					&& assigned.stream().allMatch((count) -> count > 0);
		});
	}

	/**
	 * Wait until both colors share all partitions and every running instance reports
	 * every running instance as live, so that a switch can start.
	 */
	public void awaitReady(int partitions) {
		awaitBalanced("blue", partitions);
		awaitBalanced("green", partitions);
		Awaitility.await().atMost(EmbeddedBroker.waitCeiling()).until(() -> {
			List<String> ids = new ArrayList<>(running("blue"));
			ids.addAll(running("green"));
			return ids.stream().allMatch((id) -> service(id).status().instances().size() == ids.size());
		});
	}

	public int assigned(String instanceId) {
		return get(instanceId).getBean(LifecycleService.class)
			.status()
			.listeners()
			.stream()
			.mapToInt((listener) -> listener.assignedPartitions().size())
			.sum();
	}

	/**
	 * Every record processed by any instance, ever, sorted by processing time.
	 */
	public synchronized List<Processed> processed() {
		List<Processed> all = new ArrayList<>();
		for (Instance instance : this.instances) {
			instance.log()
				.all()
				.forEach((record) -> all.add(new Processed(record.partition(), record.offset(), instance.id(),
						instance.color(), record.nanos())));
		}
		this.journalPaths.forEach((id, journal) -> RecordLog.readJournal(journal)
			.forEach((record) -> all.add(new Processed(record.partition(), record.offset(), id,
					this.processColors.get(id), record.nanos()))));
		all.sort(Comparator.comparingLong(Processed::nanos));
		return all;
	}

	/**
	 * The time of the first record a color processed after the given time.
	 */
	public long firstProcessedAfter(String color, long nanos) {
		return processed().stream()
			.filter((record) -> record.color().equals(color) && record.nanos() > nanos)
			.mapToLong(Processed::nanos)
			.min()
			.orElseThrow();
	}

	public long processedBy(String color) {
		return processed().stream().filter((record) -> record.color().equals(color)).count();
	}

	/**
	 * Every produced record was processed exactly once, and within each partition in
	 * offset order across colors, which is impossible if two colors consumed it at the
	 * same time.
	 */
	public void assertEveryRecordProcessedOnceInOrder(Map<TopicPartition, Long> endOffsets) {
		Map<TopicPartition, List<Long>> byPartition = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
		for (Processed record : processed()) {
			byPartition.computeIfAbsent(record.partition(), (key) -> new ArrayList<>()).add(record.offset());
		}
		endOffsets.forEach((partition, end) -> {
			List<Long> offsets = byPartition.getOrDefault(partition, List.of());
			assertThat(offsets).as("offsets of " + partition + " in processing order")
				.hasSize(end.intValue())
				.isSorted()
				.doesNotHaveDuplicates();
			assertThat(offsets).as("offsets of " + partition).startsWith(0L).endsWith(end - 1);
		});
	}

	/**
	 * After an instance was killed with -9, the records it processed but had not
	 * committed are processed again (Kafka delivers at least once). Nothing else is:
	 * every produced record was processed, every record processed twice was processed
	 * once by the killed instance, and within each partition the colors never overlap in
	 * time.
	 */
	public void assertNothingLostAndNoOverlap(Map<TopicPartition, Long> endOffsets, String killed) {
		Map<TopicPartition, List<Processed>> byPartition = new TreeMap<>(
				Comparator.comparing(TopicPartition::toString));
		for (Processed record : processed()) {
			byPartition.computeIfAbsent(record.partition(), (key) -> new ArrayList<>()).add(record);
		}
		endOffsets.forEach((partition, end) -> {
			List<Processed> records = byPartition.getOrDefault(partition, List.of());
			assertThat(records.stream().map(Processed::offset).distinct().sorted().toList())
				.as("offsets processed on " + partition)
				.isEqualTo(java.util.stream.LongStream.range(0, end).boxed().toList());
			Map<Long, List<Processed>> byOffset = new TreeMap<>();
			records
				.forEach((record) -> byOffset.computeIfAbsent(record.offset(), (key) -> new ArrayList<>()).add(record));
			byOffset.forEach((offset, processings) -> {
				if (processings.size() > 1) {
					assertThat(processings).as("processings of " + partition + "@" + offset)
						.hasSize(2)
						.anySatisfy((record) -> assertThat(record.instanceId()).isEqualTo(killed));
				}
			});
			String previous = null;
			int changes = 0;
			for (Processed record : records) {
				if (previous != null && !previous.equals(record.color())) {
					changes++;
				}
				previous = record.color();
			}
			assertThat(changes).as("changes of the consuming color on " + partition).isLessThanOrEqualTo(1);
		});
	}

	/**
	 * The number of times the color that processed records changed, over all partitions
	 * in processing order: with one color active at a time it changes at most once per
	 * switch.
	 */
	public int colorChanges() {
		int changes = 0;
		String previous = null;
		for (Processed record : processed()) {
			if (previous != null && !previous.equals(record.color())) {
				changes++;
			}
			previous = record.color();
		}
		return changes;
	}

	@Override
	public synchronized void close() {
		new ArrayList<>(this.running.keySet()).forEach(this::stop);
		for (InstanceProcess process : this.processes.values()) {
			try {
				process.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.processes.clear();
	}

	public record Processed(TopicPartition partition, long offset, String instanceId, String color, long nanos) {

	}

	private record Instance(String id, String color, RecordLog log) {

	}

}
