package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.bluegreen.lifecycle.LifecycleRequests;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One way of switching consumers from one color to another. Instances are application
 * contexts in this JVM, two per color unless a scenario says otherwise, on the
 * benchmark's broker.
 *
 * @author bluegreen
 */
abstract class Scenario implements AutoCloseable {

	static final List<String> COLORS = List.of("blue", "green");

	private final Map<String, ConfigurableApplicationContext> instances = new ConcurrentHashMap<>();

	private final Map<String, String> colors = new ConcurrentHashMap<>();

	private final int instancesPerColor;

	private String bootstrapServers = "";

	private String topic = "";

	private Journal journal = new Journal();

	private int concurrency = 1;

	Scenario() {
		this(2);
	}

	/**
	 * A scenario with a number of instances per color.
	 * @param instancesPerColor the instances each color starts
	 */
	Scenario(int instancesPerColor) {
		this.instancesPerColor = instancesPerColor;
	}

	/**
	 * Return the name the results use.
	 * @return the name
	 */
	abstract String name();

	/**
	 * Return what the scenario does, for the results.
	 * @return the description
	 */
	abstract String description();

	/**
	 * Start the instances, with blue consuming.
	 */
	abstract void start();

	/**
	 * Switch to a color, the way this scenario does it; returns when its mechanism
	 * considers the switch done.
	 * @param color the color to switch to
	 */
	abstract void switchTo(String color);

	/**
	 * Return how many partitions no instance processes while both colors are up, or -1 if
	 * both colors are never up at once.
	 * @return the partitions
	 */
	int unprocessedPartitionsWhileBothUp() {
		return -1;
	}

	void setUp(String bootstrapServers, String topic, Journal journal, int concurrency) {
		this.bootstrapServers = bootstrapServers;
		this.topic = topic;
		this.journal = journal;
		this.concurrency = concurrency;
	}

	/**
	 * Start instances in parallel, as a deployment would.
	 */
	void startInstances(String color, List<String> properties) {
		List<CompletableFuture<Void>> started = new ArrayList<>();
		for (int i = 1; i <= this.instancesPerColor; i++) {
			String id = color + "-" + i;
			List<String> all = new ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + this.bootstrapServers,
					"benchmark.topic=" + this.topic, "benchmark.color=" + color, "benchmark.instance=" + id,
					"benchmark.concurrency=" + this.concurrency));
			all.addAll(properties);
			started.add(CompletableFuture.runAsync(() -> {
				this.instances.put(id, BenchmarkConsumer.start(this.journal, all));
				this.colors.put(id, color);
			}));
		}
		started.forEach(CompletableFuture::join);
	}

	void stopInstances(String color) {
		List<CompletableFuture<Void>> stopped = new ArrayList<>();
		instancesOf(color).forEach((id) -> stopped.add(CompletableFuture.runAsync(() -> {
			ConfigurableApplicationContext instance = this.instances.remove(id);
			if (instance != null) {
				instance.close();
			}
		})));
		stopped.forEach(CompletableFuture::join);
	}

	/**
	 * Switch instance by instance with bluegreen's per-instance lifecycle: drain every
	 * instance of the old color, then resume every instance of the new one.
	 */
	void pauseThenResume(String color) {
		requestOf(other(color), LifecycleState.PAUSED);
		requestOf(color, LifecycleState.ACTIVE);
	}

	private void requestOf(String color, LifecycleState state) {
		instancesOf(color).parallelStream()
			.forEach((id) -> LifecycleRequests.await(instance(id).getBean(LifecycleService.class), state));
	}

	List<String> instancesOf(String color) {
		return this.instances.keySet().stream().filter((id) -> color.equals(this.colors.get(id))).sorted().toList();
	}

	ConfigurableApplicationContext instance(String id) {
		ConfigurableApplicationContext instance = this.instances.get(id);
		if (instance == null) {
			throw new IllegalArgumentException(
					"No instance '" + id + "'; the instances are " + this.instances.keySet());
		}
		return instance;
	}

	String topic() {
		return this.topic;
	}

	String bootstrapServers() {
		return this.bootstrapServers;
	}

	Journal journal() {
		return this.journal;
	}

	int concurrency() {
		return this.concurrency;
	}

	int instancesPerColor() {
		return this.instancesPerColor;
	}

	static String other(String color) {
		return color.equals("blue") ? "green" : "blue";
	}

	@Override
	public void close() {
		List.copyOf(this.instances.keySet()).forEach((id) -> {
			ConfigurableApplicationContext instance = this.instances.remove(id);
			if (instance != null) {
				instance.close();
			}
		});
	}

}
