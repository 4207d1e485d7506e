package io.bluegreen.kafka.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Which listener containers bluegreen manages, by listener id: all of them unless an
 * include list names some, minus those an exclude list names.
 *
 * @author bluegreen
 */
public class ListenerSelection {

	private final Set<String> include;

	private final Set<String> exclude;

	/**
	 * Create a selection.
	 * @param include the listener ids to manage; empty to manage all
	 * @param exclude the listener ids never to manage
	 */
	public ListenerSelection(Collection<String> include, Collection<String> exclude) {
		this.include = new TreeSet<>(include);
		this.exclude = new TreeSet<>(exclude);
	}

	/**
	 * Return whether the listener with the given id is managed.
	 * @param listenerId the listener id
	 * @return whether it is managed
	 */
	public boolean manages(String listenerId) {
		return (this.include.isEmpty() || this.include.contains(listenerId)) && !this.exclude.contains(listenerId);
	}

	/**
	 * Return the managed containers of a registry.
	 * @param registry the registry of the application's listener containers
	 * @return the managed containers
	 */
	public List<MessageListenerContainer> managed(ListenerContainerRegistry registry) {
		return registry.getAllListenerContainers()
			.stream()
			.filter((container) -> container.getListenerId() != null && manages(container.getListenerId()))
			.toList();
	}

	/**
	 * Check that every listener id named by the selection exists.
	 * @param knownIds the ids of the existing listener containers
	 * @throws IllegalStateException naming the unknown ids and the known ones
	 */
	public void validate(Collection<String> knownIds) {
		List<String> unknown = new ArrayList<>();
		this.include.stream().filter((id) -> !knownIds.contains(id)).forEach(unknown::add);
		this.exclude.stream().filter((id) -> !knownIds.contains(id)).forEach(unknown::add);
		if (!unknown.isEmpty()) {
			throw new IllegalStateException("bluegreen.listeners.include/exclude name unknown listener ids " + unknown
					+ "; known listener ids: " + new TreeSet<>(knownIds));
		}
	}

}
