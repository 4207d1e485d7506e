package io.bluegreen.benchmark;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.jspecify.annotations.Nullable;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetSettings;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.readiness.SwitchReadiness;

/**
 * bluegreen's fleet switch: a group per color, one request, exact offset handover.
 *
 * @author bluegreen
 */
class FleetScenario extends Scenario {

	private final String name;

	private final List<String> properties;

	private int requests;

	private @Nullable SwitchResult lastResult;

	FleetScenario() {
		this("bluegreen", List.of());
	}

	/**
	 * A fleet whose instances have more properties.
	 * @param name the name the results use
	 * @param properties the instances' properties, as {@code name=value}
	 */
	FleetScenario(String name, List<String> properties) {
		this(name, properties, 2);
	}

	/**
	 * A fleet of a given size whose instances have more properties.
	 * @param name the name the results use
	 * @param properties the instances' properties, as {@code name=value}, which win over
	 * the fleet's own
	 * @param instancesPerColor the instances each color starts
	 */
	FleetScenario(String name, List<String> properties, int instancesPerColor) {
		super(instancesPerColor);
		this.name = name;
		this.properties = properties;
	}

	@Override
	String name() {
		return this.name;
	}

	@Override
	String description() {
		return "bluegreen fleet switch: POST {\"active\":color} to any instance";
	}

	@Override
	void start() {
		List<String> fleet = Stream.concat(Stream.of("spring.kafka.consumer.group-id=orders",
				"bluegreen.fleet.enabled=true", "bluegreen.fleet.deployment=benchmark-" + topic(),
				"bluegreen.fleet.control-topic=" + controlTopic(topic()),
				"bluegreen.fleet.control-topic-replication-factor=1",
				"bluegreen.fleet.control-topic-min-insync-replicas=1"), this.properties.stream())
			.toList();
		startInstances("blue", concat(fleet, "bluegreen.color=blue", "bluegreen.initial-state=ACTIVE"));
		startInstances("green", concat(fleet, "bluegreen.color=green", "bluegreen.initial-state=PAUSED"));
		FleetService service = instance(instancesOf("blue").get(0)).getBean(FleetService.class);
		int instances = 2 * instancesPerColor();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (service.status().instances().size() < instances) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"The fleet did not see its " + instances + " instances: " + service.status());
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
	}

	/**
	 * Wait until every instance of both colors is ready to switch, as its readiness probe
	 * ({@code /actuator/health/readiness}) would say, checking every few milliseconds.
	 * @return the {@link System#nanoTime()} at which the last one was seen ready
	 */
	long awaitReady() {
		List<SwitchReadiness> instances = Stream.concat(instancesOf("blue").stream(), instancesOf("green").stream())
			.map((id) -> instance(id).getBean(SwitchReadiness.class))
			.toList();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!instances.stream().allMatch((readiness) -> readiness.status().ready())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The fleet did not become ready: "
						+ instances.stream().map((readiness) -> readiness.status().missing()).toList());
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
		}
		return System.nanoTime();
	}

	/**
	 * Wait until the consumer group of every color is stable and its members hold every
	 * partition of the topic. A drain is proven only in a stable group, so a switch
	 * requested while a group still hands partitions to a member that joined waits for
	 * that: under the consumer group protocol, up to the broker's heartbeat interval
	 * ({@code group.consumer.heartbeat.interval.ms}, 5 s).
	 * @param partitions the partitions of the topic
	 */
	void awaitStableGroups(int partitions) throws Exception {
		Set<String> groups = instance(instancesOf("blue").get(0)).getBean(FleetService.class)
			.status()
			.instances()
			.stream()
			.flatMap((instance) -> instance.groups().values().stream())
			.collect(Collectors.toSet());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			while (!stable(admin, groups, partitions)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The groups " + groups + " did not become stable");
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			}
		}
	}

	private static boolean stable(Admin admin, Set<String> groups, int partitions) throws Exception {
		for (ConsumerGroupDescription group : admin.describeConsumerGroups(groups)
			.all()
			.get(30, TimeUnit.SECONDS)
			.values()) {
			int assigned = group.members()
				.stream()
				.mapToInt((member) -> member.assignment().topicPartitions().size())
				.sum();
			if (group.groupState() != GroupState.STABLE || assigned != partitions) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return the control topic of the fleet on a topic.
	 * @param topic the topic the fleet consumes
	 * @return the control topic
	 */
	static String controlTopic(String topic) {
		return "bluegreen-" + topic;
	}

	private static List<String> concat(List<String> list, String... more) {
		return Stream.concat(list.stream(), Stream.of(more)).toList();
	}

	/**
	 * Return the client ids of the listeners' consumers of the whole fleet, as the
	 * instances report them.
	 * @return the client ids
	 */
	Set<String> listenerClientIds() {
		return instance(instancesOf("blue").get(0)).getBean(FleetService.class)
			.status()
			.instances()
			.stream()
			.flatMap((instance) -> instance.clients().stream())
			.collect(Collectors.toSet());
	}

	/**
	 * Return the fleet instance id of the instance that takes the next switch's request,
	 * which its control-plane clients' ids end with.
	 * @return the instance id
	 */
	String nextCoordinator() {
		List<String> all = Stream.concat(instancesOf("blue").stream(), instancesOf("green").stream()).toList();
		return instance(all.get(this.requests % all.size())).getBean(FleetSettings.class).instanceId();
	}

	/**
	 * Return what the last switch's coordinator reported.
	 * @return the result, or {@code null} before the first switch
	 */
	@Nullable SwitchResult lastResult() {
		return this.lastResult;
	}

	@Override
	void switchTo(String color) {
		// Any instance of either color can take the request
		List<String> all = Stream.concat(instancesOf("blue").stream(), instancesOf("green").stream()).toList();
		String coordinator = all.get(this.requests++ % all.size());
		SwitchResult result = instance(coordinator).getBean(FleetService.class).switchTo(color);
		this.lastResult = result;
		if (result.outcome() != SwitchOutcome.COMPLETED) {
			throw new IllegalStateException("Switch to " + color + " did not complete: " + result + "; fleet: "
					+ instance(coordinator).getBean(FleetService.class).status());
		}
	}

}
