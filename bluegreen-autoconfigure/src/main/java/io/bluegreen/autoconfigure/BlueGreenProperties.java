package io.bluegreen.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bluegreen.kafka.consumer.ManualAcks;
import io.bluegreen.lifecycle.LifecycleState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of bluegreen.
 *
 * @author bluegreen
 */
@ConfigurationProperties("bluegreen")
public class BlueGreenProperties {

	/**
	 * Whether to manage the lifecycle of the application's Kafka listener containers.
	 */
	private boolean enabled = true;

	/**
	 * Color of this deployment, free text such as 'blue' or 'green'. Reported by the
	 * endpoint and used as the 'color' tag of the metrics.
	 */
	private @Nullable String color;

	/**
	 * State the listeners start in: ACTIVE or PAUSED. With PAUSED no record reaches a
	 * listener until the application is resumed. The INITIAL_STATE environment variable
	 * is used when this property is not set.
	 */
	private LifecycleState initialState = LifecycleState.ACTIVE;

	/**
	 * Time a drain may take before it is reported as timed out. A timed out drain stays
	 * DRAINING and completes if the pending listeners finish later.
	 */
	private Duration drainTimeout = Duration.ofSeconds(30);

	private final Listeners listeners = new Listeners();

	private final Access access = new Access();

	private final Metrics metrics = new Metrics();

	private final Fleet fleet = new Fleet();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getColor() {
		return this.color;
	}

	public void setColor(@Nullable String color) {
		this.color = color;
	}

	public LifecycleState getInitialState() {
		return this.initialState;
	}

	public void setInitialState(LifecycleState initialState) {
		if (!initialState.isRequestable()) {
			throw new IllegalArgumentException("bluegreen.initial-state must be ACTIVE or PAUSED, not " + initialState);
		}
		this.initialState = initialState;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		if (drainTimeout.isNegative() || drainTimeout.isZero()) {
			throw new IllegalArgumentException("bluegreen.drain-timeout must be positive, not " + drainTimeout);
		}
		this.drainTimeout = drainTimeout;
	}

	public Listeners getListeners() {
		return this.listeners;
	}

	public Access getAccess() {
		return this.access;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Fleet getFleet() {
		return this.fleet;
	}

	/**
	 * Which listener containers are managed.
	 */
	public static class Listeners {

		/**
		 * Ids of the listeners to manage. When empty, every listener container of the
		 * application is managed.
		 */
		private List<String> include = new ArrayList<>();

		/**
		 * Ids of listeners never to manage; they keep consuming whatever the state.
		 */
		private List<String> exclude = new ArrayList<>();

		/**
		 * How listeners that acknowledge by hand (ack mode MANUAL or MANUAL_IMMEDIATE,
		 * without async-acks) acknowledge. EACH: every record, in any order; a drain
		 * waits until every record handed to the listener is acknowledged. CUMULATIVE: an
		 * acknowledgment also finishes the earlier records of its partition; a drain
		 * waits for the commit only.
		 */
		private ManualAcks manualAcks = ManualAcks.EACH;

		public List<String> getInclude() {
			return this.include;
		}

		public void setInclude(List<String> include) {
			this.include = include;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

		public ManualAcks getManualAcks() {
			return this.manualAcks;
		}

		public void setManualAcks(ManualAcks manualAcks) {
			this.manualAcks = manualAcks;
		}

	}

	/**
	 * Who may change state through bluegreen's HTTP APIs (the actuator endpoint, the
	 * lifecycle API, the Shawarma and the Flagger endpoints), and how large a body they
	 * read.
	 */
	public static class Access {

		/**
		 * Shared secret that callers must present to change state, as 'Authorization:
		 * Bearer <token>' (Flagger: as the webhook's 'token' metadata). Without it (and
		 * without token-file or trust-loopback), no caller may change state through the
		 * application port, and the actuator endpoint accepts only callers that Spring
		 * Security authenticated.
		 */
		private @Nullable String token;

		/**
		 * File holding the token, such as a mounted Kubernetes Secret; surrounding
		 * whitespace is ignored. Read again when its modification time changes, so a
		 * rotated Secret applies without a restart. Cannot be set together with token.
		 */
		private @Nullable Path tokenFile;

		/**
		 * Whether callers whose own connection comes from the loopback interface may
		 * change state through the application port without the token, for a sidecar in
		 * the pod such as Shawarma's. Even then a request that carries a Forwarded or
		 * X-Forwarded-* header needs the token. Never turn it on under a service mesh
		 * sidecar, which makes every caller local.
		 */
		private boolean trustLoopback = false;

		/**
		 * Largest request body a write surface (the actuator endpoint, the lifecycle API,
		 * the Shawarma and the Flagger endpoints) reads; a larger body is refused with
		 * 413 without being read.
		 */
		private DataSize maxBodySize = DataSize.ofKilobytes(4);

		public @Nullable String getToken() {
			return this.token;
		}

		public void setToken(@Nullable String token) {
			this.token = token;
		}

		public @Nullable Path getTokenFile() {
			return this.tokenFile;
		}

		public void setTokenFile(@Nullable Path tokenFile) {
			this.tokenFile = tokenFile;
		}

		public boolean isTrustLoopback() {
			return this.trustLoopback;
		}

		public void setTrustLoopback(boolean trustLoopback) {
			this.trustLoopback = trustLoopback;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

	}

	/**
	 * Lifecycle metrics.
	 */
	public static class Metrics {

		/**
		 * Whether to register the lifecycle metrics with Micrometer.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Fleet coordination: every instance of a deployment follows one desired state kept
	 * in a Kafka control topic, and one request switches the whole deployment from one
	 * color to another.
	 */
	public static class Fleet {

		/**
		 * Whether to coordinate this instance with the other instances of its deployment
		 * through Kafka. Requires 'bluegreen.color'. Each managed listener then consumes
		 * in a consumer group of its own color.
		 */
		private boolean enabled;

		/**
		 * Name of the deployment whose instances switch together, the same for every
		 * color. Defaults to 'spring.application.name'.
		 */
		private @Nullable String deployment;

		/**
		 * Identifier of this instance in its deployment. Defaults to the host name
		 * followed by a random suffix.
		 */
		private @Nullable String instanceId;

		/**
		 * Colors the deployment may switch between.
		 */
		private List<String> colors = new ArrayList<>(List.of("blue", "green"));

		/**
		 * Consumer group of a managed listener, built from the group id it is configured
		 * with ('{group}') and the color ('{color}').
		 */
		private String groupId = "{group}-{color}";

		/**
		 * Group ids a managed listener was configured with in earlier releases, by the
		 * group id it is configured with now. A color's group that has never committed an
		 * offset is seeded from the most advanced committed offsets of the configured
		 * group, of these groups and their colors' groups, and of the other colors'
		 * groups.
		 */
		private Map<String, List<String>> previousGroupIds = new LinkedHashMap<>();

		/**
		 * Name of the compacted topic holding the desired state of every deployment and
		 * the reports of every instance. Created with one partition when missing; checked
		 * at startup, which fails if the topic is not compacted, deletes by time, or has
		 * fewer replicas or a lower 'min.insync.replicas' than configured here.
		 */
		private String controlTopic = "bluegreen-control";

		/**
		 * Replication factor of the control topic, required of an existing one. -1 for
		 * the broker's default ('default.replication.factor'), which is not checked. A
		 * single-broker development cluster needs 1.
		 */
		private int controlTopicReplicationFactor = 3;

		/**
		 * Value of 'min.insync.replicas' of the control topic, required of an existing
		 * one. -1 for the broker's default, which is not checked. A single-broker
		 * development cluster needs 1.
		 */
		private int controlTopicMinInsyncReplicas = 2;

		/**
		 * Time a switch may take. When the old color has not confirmed its pause by then,
		 * the switch is aborted and the old color resumes. Nine tenths of it must exceed
		 * the consumers' session timeout by 5 seconds, so that a switch right after a
		 * crash outlasts the crashed consumers' membership; a warning at startup says
		 * when it does not.
		 */
		private Duration switchTimeout = Duration.ofSeconds(60);

		/**
		 * Interval between two reports of an unchanged instance none of whose consumers
		 * has a group member id yet. Every change is reported at once; an instance whose
		 * consumers are group members is live through them and reports only changes.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(5);

		/**
		 * Time after its latest report after which an instance counts as live only while
		 * one of its consumers is a member of its color's consumer group. Must be longer
		 * than the heartbeat interval.
		 */
		private Duration instanceTimeout = Duration.ofSeconds(15);

		/**
		 * Interval at which the active color copies its committed offsets to the consumer
		 * groups of the paused colors, so they stay warm.
		 */
		private Duration offsetSyncInterval = Duration.ofSeconds(5);

		/**
		 * Time to wait at startup for the control topic. An instance that cannot read it
		 * starts paused and follows the desired state once it can.
		 */
		private Duration startupTimeout = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getDeployment() {
			return this.deployment;
		}

		public void setDeployment(@Nullable String deployment) {
			this.deployment = deployment;
		}

		public @Nullable String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(@Nullable String instanceId) {
			this.instanceId = instanceId;
		}

		public List<String> getColors() {
			return this.colors;
		}

		public void setColors(List<String> colors) {
			this.colors = colors;
		}

		public String getGroupId() {
			return this.groupId;
		}

		public void setGroupId(String groupId) {
			this.groupId = groupId;
		}

		public Map<String, List<String>> getPreviousGroupIds() {
			return this.previousGroupIds;
		}

		public void setPreviousGroupIds(Map<String, List<String>> previousGroupIds) {
			this.previousGroupIds = previousGroupIds;
		}

		public String getControlTopic() {
			return this.controlTopic;
		}

		public void setControlTopic(String controlTopic) {
			this.controlTopic = controlTopic;
		}

		public int getControlTopicReplicationFactor() {
			return this.controlTopicReplicationFactor;
		}

		public void setControlTopicReplicationFactor(int controlTopicReplicationFactor) {
			this.controlTopicReplicationFactor = positiveOrBrokerDefault("control-topic-replication-factor",
					controlTopicReplicationFactor);
		}

		public int getControlTopicMinInsyncReplicas() {
			return this.controlTopicMinInsyncReplicas;
		}

		public void setControlTopicMinInsyncReplicas(int controlTopicMinInsyncReplicas) {
			this.controlTopicMinInsyncReplicas = positiveOrBrokerDefault("control-topic-min-insync-replicas",
					controlTopicMinInsyncReplicas);
		}

		public Duration getSwitchTimeout() {
			return this.switchTimeout;
		}

		public void setSwitchTimeout(Duration switchTimeout) {
			this.switchTimeout = positive("switch-timeout", switchTimeout);
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = positive("heartbeat-interval", heartbeatInterval);
		}

		public Duration getInstanceTimeout() {
			return this.instanceTimeout;
		}

		public void setInstanceTimeout(Duration instanceTimeout) {
			this.instanceTimeout = positive("instance-timeout", instanceTimeout);
		}

		public Duration getOffsetSyncInterval() {
			return this.offsetSyncInterval;
		}

		public void setOffsetSyncInterval(Duration offsetSyncInterval) {
			this.offsetSyncInterval = positive("offset-sync-interval", offsetSyncInterval);
		}

		public Duration getStartupTimeout() {
			return this.startupTimeout;
		}

		public void setStartupTimeout(Duration startupTimeout) {
			this.startupTimeout = positive("startup-timeout", startupTimeout);
		}

		private static int positiveOrBrokerDefault(String name, int value) {
			if (value < 1 && value != -1) {
				throw new IllegalArgumentException(
						"bluegreen.fleet." + name + " must be positive, or -1 for the broker default, not " + value);
			}
			return value;
		}

		private static Duration positive(String name, Duration value) {
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException("bluegreen.fleet." + name + " must be positive, not " + value);
			}
			return value;
		}

	}

}
