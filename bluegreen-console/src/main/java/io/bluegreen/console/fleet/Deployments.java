package io.bluegreen.console.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.bluegreen.console.ConsoleProperties;
import io.bluegreen.fleet.ColorOffsets;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.GroupMembership;
import io.bluegreen.fleet.InvalidControlRecordException;
import io.bluegreen.fleet.SingleThreadFleetExecutor;
import io.bluegreen.kafka.broker.BrokerMetadata;
import io.bluegreen.kafka.control.BrokerCalls;
import io.bluegreen.kafka.control.ControlRecordCodec;
import io.bluegreen.kafka.control.GroupOffsetsWriter;
import io.bluegreen.kafka.control.KafkaColorOffsets;
import io.bluegreen.kafka.control.KafkaGroupMembership;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.util.StringUtils;

/**
 * Every deployment found in the control topics. One consumer reads the topics from their
 * beginning and keeps reading, and decodes each record as the instances do: a deployment
 * appears with its first valid record, up to a configured number of deployments, and each
 * of its decisions still in the log adds the switch it ended to the deployment's history.
 * Each deployment found gets a {@link DeploymentFleet} of its own, which holds no client
 * of its own until a switch is asked for.
 *
 * @author bluegreen
 */
public class Deployments implements SmartLifecycle {

	private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

	private static final int MAX_NAME_LENGTH = 200;

	private static final Log logger = LogFactory.getLog(Deployments.class);

	private final ConsoleProperties properties;

	private final Map<String, Object> connection;

	private final TaskExecutor taskExecutor;

	private final String consoleId;

	private final JsonMapper jsonMapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Map<String, DeploymentFleet> deployments = new ConcurrentSkipListMap<>();

	private final Map<String, ControlRecordCodec> codecs = new HashMap<>();

	private final Set<String> ignored = new HashSet<>();

	private final Map<String, Set<DeploymentFleet>> unpublished = new HashMap<>();

	private final BrokerMetadata brokerMetadata;

	private final BrokerCalls brokerCalls = BrokerCalls.withOwnThreads("bluegreen-console-broker-");

	private final ColorOffsets offsets;

	private final GroupMembership membership;

	private final SingleThreadFleetExecutor executor = new SingleThreadFleetExecutor("bluegreen-console-fleet");

	private final List<Consumer<DeploymentFleet>> listeners = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	private @Nullable KafkaConsumer<String, String> consumer;

	/**
	 * Create the deployments.
	 * @param properties the console's configuration
	 * @param connection the Kafka client configuration to connect with
	 * @param taskExecutor runs the reader of the control topics
	 */
	public Deployments(ConsoleProperties properties, Map<String, Object> connection, TaskExecutor taskExecutor) {
		this.properties = properties;
		this.connection = Map.copyOf(connection);
		this.taskExecutor = taskExecutor;
		this.consoleId = StringUtils.hasText(properties.getInstanceId()) ? properties.getInstanceId()
				: "console-" + hostName();
		// One admin client for the group members of every
		// deployment; the console copies no offsets
		this.brokerMetadata = new BrokerMetadata(() -> Admin.create(this.connection));
		this.offsets = new KafkaColorOffsets(this.brokerMetadata, new GroupOffsetsWriter(() -> {
			throw new IllegalStateException("The console copies offsets only through a switch participant");
		}), this.brokerCalls);
		this.membership = new KafkaGroupMembership(this.brokerMetadata, this.brokerCalls);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	/**
	 * Return the id the console writes its proposals with.
	 * @return the id
	 */
	public String consoleId() {
		return this.consoleId;
	}

	/**
	 * Return every deployment found, by name.
	 * @return the deployments
	 */
	public Collection<DeploymentFleet> all() {
		return this.deployments.values();
	}

	/**
	 * Return a deployment.
	 * @param name its name
	 * @return the deployment, if it was found in a control topic
	 */
	public Optional<DeploymentFleet> find(String name) {
		return Optional.ofNullable(this.deployments.get(name));
	}

	/**
	 * Register a listener called when a deployment is found and after every change of
	 * one. It must return quickly.
	 * @param listener the listener
	 */
	public void onChange(Consumer<DeploymentFleet> listener) {
		this.listeners.add(listener);
	}

	@Override
	public void start() {
		this.consumer = new KafkaConsumer<>(consumerConfig());
		this.running = true;
		this.taskExecutor.execute(this::read);
	}

	private void read() {
		KafkaConsumer<String, String> consumer = this.consumer;
		if (consumer == null) {
			return;
		}
		List<TopicPartition> assigned = new ArrayList<>();
		while (this.running) {
			try {
				if (assigned.size() < this.properties.getControlTopics().size()) {
					assign(consumer, assigned);
				}
				for (ConsumerRecord<String, String> record : consumer.poll(POLL_TIMEOUT)) {
					apply(record);
				}
				publishAtEnd(consumer, assigned);
			}
			catch (WakeupException ex) {
				// stopping
			}
			catch (KafkaException ex) {
				if (this.running) {
					logger.warn("Could not read the control topics; retrying: " + ex);
					sleep(POLL_TIMEOUT.toMillis());
				}
			}
		}
		consumer.close(Duration.ofSeconds(1));
	}

	private void assign(KafkaConsumer<String, String> consumer, List<TopicPartition> assigned) {
		List<TopicPartition> found = new ArrayList<>();
		for (String topic : this.properties.getControlTopics()) {
			// A control topic has a single partition;
			// one not created yet is looked for again
			if (!consumer.partitionsFor(topic, POLL_TIMEOUT).isEmpty()) {
				found.add(new TopicPartition(topic, 0));
			}
		}
		if (found.size() > assigned.size()) {
			List<TopicPartition> added = found.stream().filter((partition) -> !assigned.contains(partition)).toList();
			consumer.assign(found);
			consumer.seekToBeginning(added);
			assigned.clear();
			assigned.addAll(found);
		}
		else if (found.isEmpty()) {
			sleep(POLL_TIMEOUT.toMillis());
		}
	}

	private void apply(ConsumerRecord<String, String> record) {
		String key = record.key();
		String deployment = (key != null) ? deploymentOf(key) : null;
		if (deployment == null || !isValidName(deployment) || this.ignored.contains(deployment)) {
			return;
		}
		ControlRecord read;
		try {
			read = this.codecs.computeIfAbsent(deployment, (name) -> new ControlRecordCodec(name, this.jsonMapper))
				.read(key, record.value(), record.offset());
		}
		catch (InvalidControlRecordException | JacksonException | IllegalArgumentException ex) {
			logger
				.debug("Ignoring an invalid record at offset " + record.offset() + " of " + record.topic() + ": " + ex);
			return;
		}
		if (read == null) {
			return;
		}
		DeploymentFleet fleet = this.deployments.get(deployment);
		if (fleet == null) {
			if (this.deployments.size() >= this.properties.getMaxDeployments()) {
				this.ignored.add(deployment);
				this.codecs.remove(deployment);
				logger.warn("Ignoring deployment '" + deployment + "' of control topic " + record.topic()
						+ ": the console follows at most " + this.properties.getMaxDeployments()
						+ " deployments (bluegreen.console.max-deployments)");
				return;
			}
			fleet = found(deployment, record.topic());
			this.deployments.put(deployment, fleet);
		}
		if (!fleet.controlTopic().equals(record.topic())) {
			// The same name in another control topic is another deployment: the first
			// found is followed
			return;
		}
		fleet.log().apply(read);
		if (read instanceof ControlRecord.Decision decision && decision.state().lastSwitch() != null) {
			fleet.remember(decision.state().lastSwitch());
		}
		this.unpublished.computeIfAbsent(record.topic(), (topic) -> new HashSet<>()).add(fleet);
	}

	/**
	 * Publish the views of the deployments of every control topic read to its end, as an
	 * instance publishes only views taken at the end of its log.
	 */
	private void publishAtEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> assigned) {
		for (TopicPartition partition : assigned) {
			Set<DeploymentFleet> changed = this.unpublished.get(partition.topic());
			OptionalLong lag = consumer.currentLag(partition);
			if (changed == null || changed.isEmpty() || lag.isEmpty() || lag.getAsLong() > 0) {
				continue;
			}
			long position = consumer.position(partition, POLL_TIMEOUT);
			changed.forEach((fleet) -> fleet.log().publish(position));
			changed.clear();
		}
	}

	/**
	 * Return whether a deployment name is one an instance can have: a name with a slash
	 * would make the keys of two deployments ambiguous.
	 */
	static boolean isValidName(String name) {
		return !name.isBlank() && name.length() <= MAX_NAME_LENGTH && name.indexOf('/') < 0
				&& name.chars().noneMatch(Character::isISOControl);
	}

	private DeploymentFleet found(String name, String topic) {
		logger.info("Found deployment '" + name + "' in control topic " + topic);
		DeploymentFleet fleet = new DeploymentFleet(name, topic, this.properties, this.consoleId, this.connection,
				this.offsets, this.membership, this.executor);
		fleet.onChange((changed) -> this.listeners.forEach((listener) -> listener.accept(changed)));
		return fleet;
	}

	/**
	 * Return the deployment a key of the control topic belongs to, or {@code null} if it
	 * is no key of the fleet protocol.
	 */
	static @Nullable String deploymentOf(String key) {
		if (key.startsWith("state/")) {
			return nonEmpty(key.substring("state/".length()));
		}
		for (String prefix : List.of("proposal/", "decided/", "instance/")) {
			if (key.startsWith(prefix)) {
				int end = key.lastIndexOf('/');
				return (end > prefix.length()) ? key.substring(prefix.length(), end) : null;
			}
		}
		return null;
	}

	private static @Nullable String nonEmpty(String value) {
		return value.isEmpty() ? null : value;
	}

	private Map<String, Object> consumerConfig() {
		Map<String, Object> config = new HashMap<>(this.connection);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bluegreen-console-deployments-" + this.consoleId);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL_TIMEOUT.toMillis());
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		return config;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		KafkaConsumer<String, String> consumer = this.consumer;
		if (consumer != null) {
			consumer.wakeup();
		}
		this.deployments.values().forEach(DeploymentFleet::stop);
		this.executor.destroy();
		this.brokerCalls.destroy();
		this.brokerMetadata.destroy();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
