package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.Assert;

/**
 * The control topic as the cluster holds it: created when missing with one partition, the
 * replication factor and {@code min.insync.replicas} asked for, and
 * {@code cleanup.policy=compact}; and checked when it exists, so that a topic that would
 * forget the desired state (time-based deletion) or lose it with one broker (fewer
 * replicas than asked) is refused rather than used. The same checks as Kafka Connect's
 * config topic, which holds the same kind of state.
 *
 * @author bluegreen
 */
public class ControlTopic {

	/**
	 * Replication factor or {@code min.insync.replicas} that leaves the choice to the
	 * broker's defaults.
	 */
	public static final int BROKER_DEFAULT = -1;

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration MIN_CALL_TIMEOUT = Duration.ofMillis(500);

	private static final Log logger = LogFactory.getLog(ControlTopic.class);

	private final Map<String, Object> connection;

	private final String name;

	private final int replicationFactor;

	private final int minInsyncReplicas;

	private final Duration timeout;

	/**
	 * Create a new instance.
	 * @param connection the Kafka client configuration to connect with (bootstrap
	 * servers, security)
	 * @param name the name of the topic
	 * @param replicationFactor the replication factor to create it with and to require,
	 * or {@link #BROKER_DEFAULT}
	 * @param minInsyncReplicas the {@code min.insync.replicas} to create it with and to
	 * require, or {@link #BROKER_DEFAULT}
	 * @param timeout the time to keep trying to reach the cluster and create the topic
	 */
	public ControlTopic(Map<String, Object> connection, String name, int replicationFactor, int minInsyncReplicas,
			Duration timeout) {
		Assert.hasText(name, "Control topic name must not be empty");
		Assert.isTrue(replicationFactor == BROKER_DEFAULT || replicationFactor > 0,
				() -> "Replication factor of the control topic must be positive or -1, not " + replicationFactor);
		Assert.isTrue(minInsyncReplicas == BROKER_DEFAULT || minInsyncReplicas > 0,
				() -> "min.insync.replicas of the control topic must be positive or -1, not " + minInsyncReplicas);
		Assert.isTrue(replicationFactor == BROKER_DEFAULT || minInsyncReplicas <= replicationFactor,
				() -> "min.insync.replicas of the control topic (" + minInsyncReplicas
						+ ") must not exceed its replication factor (" + replicationFactor
						+ "): no write could ever be acknowledged");
		this.connection = Map.copyOf(connection);
		this.name = name;
		this.replicationFactor = replicationFactor;
		this.minInsyncReplicas = minInsyncReplicas;
		this.timeout = timeout;
	}

	/**
	 * Return the name of the topic.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Create the topic if it is missing and check the one the cluster holds, retrying
	 * while the cluster cannot be reached or has too few brokers, until the timeout.
	 * @return whether the topic is ready; {@code false} if the cluster could not be
	 * reached in time
	 * @throws InvalidControlTopicException if the topic must not be used, or cannot be
	 * created as asked because the cluster has too few brokers
	 */
	public boolean provision() {
		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(Duration.ofMillis(200))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(2))
			.timeout(this.timeout)
			.excludes(InvalidControlTopicException.class, InterruptedException.class)
			.build();
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			return new RetryTemplate(policy).execute(() -> {
				provisionOnce(deadline);
				return true;
			});
		}
		catch (RetryException ex) {
			Throwable last = ex.getLastException();
			if (last instanceof InvalidControlTopicException invalid) {
				throw invalid;
			}
			if (last instanceof InterruptedException) {
				Thread.currentThread().interrupt();
				return false;
			}
			if (last instanceof InvalidReplicationFactorException) {
				throw new InvalidControlTopicException("Could not create control topic '" + this.name
						+ "' with replication factor " + this.replicationFactor + " within " + this.timeout + ": "
						+ last.getMessage() + "; for a development cluster with fewer brokers set "
						+ "bluegreen.fleet.control-topic-replication-factor and "
						+ "bluegreen.fleet.control-topic-min-insync-replicas to the number it has");
			}
			logger.warn(
					"Could not create or check control topic '" + this.name + "' within " + this.timeout + ": " + last);
			return false;
		}
	}

	/**
	 * Return the id of the topic the cluster holds under this name, which changes when
	 * the topic is deleted and created again.
	 * @param admin the admin client to ask with
	 * @return the id, or {@code null} if the topic does not exist
	 * @throws Exception if the cluster could not tell
	 */
	public @Nullable Uuid topicId(Admin admin) throws Exception {
		TopicDescription description = describe(admin, CALL_TIMEOUT);
		return (description != null) ? description.topicId() : null;
	}

	/**
	 * Make a topic that was created anew by the broker's auto-creation compacted, so that
	 * it keeps the desired state.
	 * @param admin the admin client to ask with
	 * @throws Exception if it could not be changed, for example without the permission to
	 * alter the topic's configuration
	 */
	public void compact(Admin admin) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, this.name);
		AlterConfigOp compact = new AlterConfigOp(
				new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
				AlterConfigOp.OpType.SET);
		admin.incrementalAlterConfigs(Map.of(resource, List.of(compact)))
			.all()
			.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		logger.warn("Control topic '" + this.name + "' was created anew with the broker's defaults; "
				+ "set cleanup.policy=compact on it");
	}

	private void provisionOnce(long deadline) throws Exception {
		// No call outlasts the time left to provision
		Duration callTimeout = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
		if (callTimeout.compareTo(CALL_TIMEOUT) > 0) {
			callTimeout = CALL_TIMEOUT;
		}
		if (callTimeout.compareTo(MIN_CALL_TIMEOUT) < 0) {
			callTimeout = MIN_CALL_TIMEOUT;
		}
		Admin admin = Admin.create(this.connection);
		try {
			TopicDescription description = describe(admin, callTimeout);
			if (description == null) {
				create(admin, callTimeout);
				description = describe(admin, callTimeout);
				if (description == null) {
					throw new UnknownTopicOrPartitionException("Control topic '" + this.name + "' is not known yet");
				}
			}
			check(description, config(admin, callTimeout));
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		finally {
			// Calls still retrying against an unreachable
			// cluster end now, not at their own timeout
			admin.close(Duration.ZERO);
		}
	}

	private @Nullable TopicDescription describe(Admin admin, Duration callTimeout) throws Exception {
		try {
			return admin.describeTopics(List.of(this.name))
				.allTopicNames()
				.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
				.get(this.name);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return null;
			}
			throw ex;
		}
	}

	private void create(Admin admin, Duration callTimeout) throws Exception {
		Map<String, String> configs = new HashMap<>();
		configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
		if (this.minInsyncReplicas != BROKER_DEFAULT) {
			configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(this.minInsyncReplicas));
		}
		Optional<Short> replicas = (this.replicationFactor != BROKER_DEFAULT)
				? Optional.of((short) this.replicationFactor) : Optional.empty();
		NewTopic topic = new NewTopic(this.name, Optional.of(1), replicas).configs(configs);
		try {
			admin.createTopics(List.of(topic)).all().get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Created control topic '" + this.name + "' with " + configs + " and replication factor "
					+ ((this.replicationFactor != BROKER_DEFAULT) ? this.replicationFactor : "of the broker default"));
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
		}
	}

	private Config config(Admin admin, Duration callTimeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, this.name);
		return Objects.requireNonNull(admin.describeConfigs(List.of(resource))
			.all()
			.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.get(resource));
	}

	private void check(TopicDescription description, Config config) {
		String policy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG);
		List<String> policies = Arrays.stream((policy != null) ? policy.split(",") : new String[0])
			.map((value) -> value.trim().toLowerCase(Locale.ROOT))
			.toList();
		if (policies.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
			throw new InvalidControlTopicException("Control topic '" + this.name + "' has cleanup.policy=" + policy
					+ ": it deletes records by time (retention.ms), and a deployment whose desired state was deleted "
					+ "is claimed anew by the next instance that starts; set cleanup.policy=compact on it");
		}
		if (!policies.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
			throw new InvalidControlTopicException("Control topic '" + this.name + "' has cleanup.policy=" + policy
					+ ": it is not compacted; set cleanup.policy=compact on it");
		}
		if (this.replicationFactor != BROKER_DEFAULT) {
			int replicas = description.partitions().stream().mapToInt((info) -> info.replicas().size()).min().orElse(0);
			if (replicas < this.replicationFactor) {
				throw new InvalidControlTopicException("Control topic '" + this.name + "' has replication factor "
						+ replicas + ", fewer than the " + this.replicationFactor
						+ " of bluegreen.fleet.control-topic-replication-factor; add replicas to it, or set the "
						+ "property to what it has (for a development cluster)");
			}
		}
		if (this.minInsyncReplicas != BROKER_DEFAULT) {
			String value = value(config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
			int minInsync = (value != null) ? Integer.parseInt(value.trim()) : 1;
			if (minInsync < this.minInsyncReplicas) {
				throw new InvalidControlTopicException("Control topic '" + this.name + "' has min.insync.replicas="
						+ minInsync + ", fewer than the " + this.minInsyncReplicas
						+ " of bluegreen.fleet.control-topic-min-insync-replicas: a write acknowledged by fewer "
						+ "replicas is lost with them; set min.insync.replicas on it, or set the property to what it "
						+ "has (for a development cluster)");
			}
		}
	}

	private static @Nullable String value(Config config, String name) {
		ConfigEntry entry = config.get(name);
		return (entry != null) ? entry.value() : null;
	}

	/**
	 * Thrown when the control topic must not be used as it is.
	 */
	public static class InvalidControlTopicException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		InvalidControlTopicException(String message) {
			super(message);
		}

	}

}
