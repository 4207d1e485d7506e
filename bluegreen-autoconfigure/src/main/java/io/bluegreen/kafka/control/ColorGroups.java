package io.bluegreen.kafka.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.bluegreen.fleet.DesiredStateFollower;
import io.bluegreen.kafka.consumer.ListenerSelection;
import io.bluegreen.kafka.consumer.PausePositions;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The consumer group of each managed listener per color: the group the listener is
 * configured with, renamed by a pattern such as {@code {group}-{color}}, so that the
 * colors of a deployment never share a group and a paused color holds no partition of the
 * active one. A listener with no client id of its own gets one that names the instance,
 * so that every member of a group can be traced to the instance it belongs to, also a
 * member with no partition.
 * <p>
 * Before a managed listener's consumers start, its color's group is seeded, if it never
 * committed an offset, from the groups the listener consumed in before: the configured
 * group itself, the groups it replaced in a release, and the other colors' groups (see
 * {@link GroupSeeding}).
 *
 * @author bluegreen
 */
public class ColorGroups implements SmartLifecycle {

	private static final String GROUP = "{group}";

	private static final String COLOR = "{color}";

	private final ObjectProvider<ListenerContainerRegistry> registry;

	private final ListenerSelection selection;

	private final PausePositions pausePositions;

	private final String pattern;

	private final boolean nameClients;

	private final String color;

	private final String instanceId;

	private final @Nullable GroupSeeding seeding;

	private final List<String> colors;

	private final Map<String, List<String>> previousGroupIds;

	private final Set<String> seeded = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	private final Map<MessageListenerContainer, String> configuredGroups = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param registry the registry of the application's listener containers, resolved
	 * lazily: as a dependency, the registry and its containers would start first
	 * @param selection which listeners are managed
	 * @param pausePositions the consumers of the managed containers, which give the
	 * containers created later their group
	 * @param pattern the group id of a color, with the placeholders {@code {group}} and
	 * {@code {color}}
	 * @param nameClients whether to give the consumers of a listener without a client id
	 * one that names the instance; {@code false} when the consumer factory names them
	 * @param color the color of this instance
	 * @param instanceId the id of this instance in its deployment
	 * @throws IllegalArgumentException if a placeholder is missing
	 */
	public ColorGroups(ObjectProvider<ListenerContainerRegistry> registry, ListenerSelection selection,
			PausePositions pausePositions, String pattern, boolean nameClients, String color, String instanceId) {
		this(registry, selection, pausePositions, pattern, nameClients, color, instanceId, null, List.of(color),
				Map.of());
	}

	/**
	 * Create a new instance that seeds each color's group that has no committed offset.
	 * @param registry the registry of the application's listener containers, resolved
	 * lazily: as a dependency, the registry and its containers would start first
	 * @param selection which listeners are managed
	 * @param pausePositions the consumers of the managed containers, which give the
	 * containers created later their group
	 * @param pattern the group id of a color, with the placeholders {@code {group}} and
	 * {@code {color}}
	 * @param nameClients whether to give the consumers of a listener without a client id
	 * one that names the instance; {@code false} when the consumer factory names them
	 * @param color the color of this instance
	 * @param instanceId the id of this instance in its deployment
	 * @param seeding the seeding of a group that has no committed offset, or {@code null}
	 * to leave such a group to {@code auto.offset.reset}
	 * @param colors every color of the deployment
	 * @param previousGroupIds the group ids a listener was configured with in earlier
	 * releases, by the group id it is configured with now
	 * @throws IllegalArgumentException if a placeholder is missing
	 */
	public ColorGroups(ObjectProvider<ListenerContainerRegistry> registry, ListenerSelection selection,
			PausePositions pausePositions, String pattern, boolean nameClients, String color, String instanceId,
			@Nullable GroupSeeding seeding, List<String> colors, Map<String, List<String>> previousGroupIds) {
		Assert.isTrue(pattern.contains(GROUP) && pattern.contains(COLOR),
				() -> "bluegreen.fleet.group-id '" + pattern + "' must contain both " + GROUP + " and " + COLOR);
		this.registry = registry;
		this.selection = selection;
		this.pausePositions = pausePositions;
		this.pattern = pattern;
		this.nameClients = nameClients;
		this.color = color;
		this.instanceId = instanceId;
		this.seeding = seeding;
		this.colors = List.copyOf(colors);
		this.previousGroupIds = Map.copyOf(previousGroupIds);
	}

	/**
	 * Make every managed listener consume in the group of this instance's color, before
	 * the containers start.
	 */
	@Override
	public void start() {
		apply(this.color, this.instanceId);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DesiredStateFollower.PHASE - 20;
	}

	/**
	 * Return the group id of a color.
	 * @param configuredGroup the group id a listener is configured with
	 * @param color the color
	 * @return the group id of that listener in that color
	 */
	public String groupId(String configuredGroup, String color) {
		return this.pattern.replace(GROUP, configuredGroup).replace(COLOR, color);
	}

	/**
	 * Make every managed listener consume in the group of the given color. Call before
	 * the containers start.
	 * @param color the color of this application
	 * @param instanceId the id of this instance in its deployment
	 * @throws IllegalStateException if a managed listener has no group id
	 */
	public void apply(String color, String instanceId) {
		for (MessageListenerContainer container : this.selection.managed(this.registry.getObject())) {
			apply(container, color, instanceId);
		}
		// Containers created later get their group when their consumers start
		this.pausePositions.assignGroupsWith((container) -> apply(container, color, instanceId));
	}

	private String apply(MessageListenerContainer container, String color, String instanceId) {
		String configured = this.configuredGroups.computeIfAbsent(container, ColorGroups::configuredGroupOf);
		String group = groupId(configured, color);
		seed(configured, group, color);
		ContainerProperties properties = container.getContainerProperties();
		properties.setGroupId(group);
		if (this.nameClients && !StringUtils.hasText(properties.getClientId())) {
			properties.setClientId(container.getListenerId() + "-" + instanceId);
		}
		return group;
	}

	/**
	 * Seed the group once per run, before the listener's consumers fetch: a group that
	 * has committed offsets is left alone by the seeding itself.
	 */
	private void seed(String configured, String group, String color) {
		GroupSeeding seeding = this.seeding;
		if (seeding == null || this.seeded.contains(group)) {
			return;
		}
		synchronized (this.seeded) {
			if (this.seeded.contains(group)) {
				return;
			}
			seeding.seed(group, sources(configured, color));
			this.seeded.add(group);
		}
	}

	/**
	 * Return the groups a color's group of a listener is seeded from: the group the
	 * listener is configured with, as it consumed without fleet coordination, the groups
	 * it was configured with in earlier releases and their colors' groups, and the other
	 * colors' groups.
	 * @param configured the group id the listener is configured with
	 * @param color the color whose group is seeded
	 * @return the groups, without the color's group itself
	 */
	List<String> sources(String configured, String color) {
		Set<String> sources = new LinkedHashSet<>();
		sources.add(configured);
		for (String previous : this.previousGroupIds.getOrDefault(configured, List.of())) {
			sources.add(previous);
			this.colors.forEach((each) -> sources.add(groupId(previous, each)));
		}
		this.colors.forEach((each) -> sources.add(groupId(configured, each)));
		sources.remove(groupId(configured, color));
		return List.copyOf(sources);
	}

	/**
	 * Return the client ids of the consumers of the managed listeners.
	 * @return the client ids
	 */
	public List<String> clientIds() {
		List<String> clientIds = new ArrayList<>();
		for (MessageListenerContainer container : this.selection.managed(this.registry.getObject())) {
			Map<String, Collection<TopicPartition>> assignments = container.getAssignmentsByClientId();
			if (assignments != null) {
				clientIds.addAll(assignments.keySet());
			}
		}
		clientIds.sort(null);
		return clientIds;
	}

	/**
	 * Return the group of every managed listener in a color.
	 * @param color the color
	 * @return the group id of the color by configured group id
	 */
	public Map<String, String> of(String color) {
		Map<String, String> groups = new TreeMap<>();
		this.configuredGroups.values().forEach((configured) -> groups.put(configured, groupId(configured, color)));
		return groups;
	}

	/**
	 * Return the group ids the managed listeners were configured with in earlier
	 * releases.
	 * @return the previous group ids by configured group id, of the listeners that have
	 * some
	 */
	public Map<String, List<String>> previousGroupIds() {
		Map<String, List<String>> previous = new TreeMap<>();
		this.configuredGroups.values().forEach((configured) -> {
			List<String> ids = this.previousGroupIds.getOrDefault(configured, List.of());
			if (!ids.isEmpty()) {
				previous.put(configured, List.copyOf(ids));
			}
		});
		return previous;
	}

	private static String configuredGroupOf(MessageListenerContainer container) {
		String group = container.getGroupId();
		Assert.state(group != null, () -> "Listener '" + container.getListenerId()
				+ "' has no group id; fleet coordination gives each color its own group derived from it");
		return group;
	}

}
