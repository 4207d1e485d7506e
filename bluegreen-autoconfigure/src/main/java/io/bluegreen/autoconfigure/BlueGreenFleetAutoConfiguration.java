package io.bluegreen.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bluegreen.fleet.Admission;
import io.bluegreen.fleet.ColorOffsets;
import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.ControlLogCatchUp;
import io.bluegreen.fleet.DeploymentGuard;
import io.bluegreen.fleet.DesiredStateFollower;
import io.bluegreen.fleet.FleetDirective;
import io.bluegreen.fleet.FleetExecutor;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetSettings;
import io.bluegreen.fleet.GroupMembership;
import io.bluegreen.fleet.InstanceReporter;
import io.bluegreen.fleet.Liveness;
import io.bluegreen.fleet.LocalInstance;
import io.bluegreen.fleet.OffsetWarmer;
import io.bluegreen.fleet.Proposer;
import io.bluegreen.fleet.SingleThreadFleetExecutor;
import io.bluegreen.fleet.SwitchCoordinator;
import io.bluegreen.fleet.SwitchWatchdog;
import io.bluegreen.kafka.broker.BrokerMetadata;
import io.bluegreen.kafka.consumer.HandoverSeeks;
import io.bluegreen.kafka.consumer.ListenerSelection;
import io.bluegreen.kafka.consumer.PausePositions;
import io.bluegreen.kafka.consumer.SessionTimeoutCheck;
import io.bluegreen.kafka.control.BrokerCalls;
import io.bluegreen.kafka.control.ColorGroups;
import io.bluegreen.kafka.control.ControlRecordCodec;
import io.bluegreen.kafka.control.ControlRecordRuntimeHints;
import io.bluegreen.kafka.control.ControlTopic;
import io.bluegreen.kafka.control.GroupOffsetsWriter;
import io.bluegreen.kafka.control.GroupSeeding;
import io.bluegreen.kafka.control.KafkaColorOffsets;
import io.bluegreen.kafka.control.KafkaControlLog;
import io.bluegreen.kafka.control.KafkaGroupMembership;
import io.bluegreen.kafka.control.KafkaLocalInstance;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.readiness.ReadinessCheck;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of fleet coordination: a consumer group per color, the desired state
 * of the deployment in a Kafka control topic, and the fleet switch. The protocol
 * ({@code io.bluegreen.fleet}) is wired to Kafka through its ports.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = BlueGreenAutoConfiguration.class)
@ConditionalOnBean(LifecycleService.class)
@ConditionalOnBooleanProperty("bluegreen.fleet.enabled")
@ImportRuntimeHints(ControlRecordRuntimeHints.class)
public final class BlueGreenFleetAutoConfiguration {

	/**
	 * How long a proposal may take to be decided before its outcome is reported as
	 * unknown: the control producer's delivery timeout and a margin to read it back.
	 */
	private static final Duration PROPOSAL_TIMEOUT = Duration.ofSeconds(15);

	/**
	 * How long a readiness check waits for the control log to be read to its end: the
	 * reader answers within milliseconds when it can read.
	 */
	private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(1);

	@Bean
	@ConditionalOnMissingBean
	FleetSettings bluegreenFleetSettings(BlueGreenProperties properties, Environment environment) {
		BlueGreenProperties.Fleet fleet = properties.getFleet();
		String color = properties.getColor();
		Assert.state(StringUtils.hasText(color),
				() -> "bluegreen.fleet.enabled=true requires bluegreen.color, one of " + fleet.getColors());
		String deployment = (fleet.getDeployment() != null) ? fleet.getDeployment()
				: environment.getProperty("spring.application.name");
		Assert.state(StringUtils.hasText(deployment),
				"bluegreen.fleet.enabled=true requires bluegreen.fleet.deployment or spring.application.name");
		InvalidDeploymentNameException.check(deployment,
				(fleet.getDeployment() != null) ? "bluegreen.fleet.deployment" : "spring.application.name");
		String instanceId = (fleet.getInstanceId() != null) ? fleet.getInstanceId() : defaultInstanceId();
		return new FleetSettings(deployment, instanceId, color, fleet.getColors(), properties.getInitialState(),
				fleet.getSwitchTimeout(), fleet.getHeartbeatInterval(), fleet.getInstanceTimeout(),
				fleet.getOffsetSyncInterval(), fleet.getStartupTimeout(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	FleetDirective bluegreenFleetDirective() {
		return new FleetDirective();
	}

	@Bean
	@ConditionalOnMissingBean
	FleetExecutor bluegreenFleetExecutor(FleetSettings settings) {
		return new SingleThreadFleetExecutor("bluegreen-fleet-" + settings.instanceId());
	}

	@Bean
	@ConditionalOnMissingBean
	Proposer bluegreenProposer(FleetSettings settings, Liveness liveness, ControlLog controlLog,
			FleetExecutor executor) {
		return new Proposer(settings, liveness, controlLog, executor, () -> UUID.randomUUID().toString(),
				PROPOSAL_TIMEOUT);
	}

	@Bean
	@ConditionalOnMissingBean
	DesiredStateFollower bluegreenDesiredStateFollower(FleetSettings settings, ControlLog controlLog,
			FleetDirective directive, LocalInstance localInstance, Proposer proposer, FleetExecutor executor,
			GroupMembership groupMembership) {
		return new DesiredStateFollower(settings, controlLog, directive, localInstance, proposer, executor,
				groupMembership);
	}

	@Bean
	@ConditionalOnMissingBean
	DeploymentGuard bluegreenDeploymentGuard(FleetSettings settings, ControlLog controlLog, LocalInstance localInstance,
			Liveness liveness) {
		return new DeploymentGuard(settings, controlLog, localInstance, liveness);
	}

	@Bean
	@ConditionalOnMissingBean
	InstanceReporter bluegreenInstanceReporter(FleetSettings settings, ControlLog controlLog, FleetDirective directive,
			LocalInstance localInstance, FleetExecutor executor, ObjectProvider<OffsetWarmer> offsetWarmer) {
		InstanceReporter reporter = new InstanceReporter(settings, controlLog, directive, localInstance, executor);
		offsetWarmer.ifAvailable(reporter::confirmPausesAfter);
		return reporter;
	}

	@Bean
	@ConditionalOnMissingBean
	Admission bluegreenAdmission(ControlLog controlLog, FleetDirective directive, LocalInstance localInstance,
			FleetExecutor executor) {
		return new Admission(controlLog, directive, localInstance, executor);
	}

	@Bean
	@ConditionalOnMissingBean
	ControlLogCatchUp bluegreenControlLogCatchUp(ControlLog controlLog) {
		return new ControlLogCatchUp(controlLog, CATCH_UP_WAIT);
	}

	@Bean
	@ConditionalOnMissingBean
	SwitchWatchdog bluegreenSwitchWatchdog(FleetSettings settings, ControlLog controlLog, Proposer proposer,
			FleetExecutor executor) {
		return new SwitchWatchdog(settings, controlLog, proposer, executor);
	}

	@Bean
	@ConditionalOnMissingBean
	Liveness bluegreenLiveness(FleetSettings settings, GroupMembership groupMembership) {
		return new Liveness(settings, groupMembership);
	}

	@Bean
	@ConditionalOnMissingBean
	OffsetWarmer bluegreenOffsetWarmer(FleetSettings settings, ControlLog controlLog, FleetDirective directive,
			LocalInstance localInstance, ColorOffsets colorOffsets, Liveness liveness, FleetExecutor executor) {
		return new OffsetWarmer(settings, controlLog, directive, localInstance, colorOffsets, liveness, executor);
	}

	@Bean
	@ConditionalOnMissingBean
	SwitchCoordinator bluegreenSwitchCoordinator(FleetSettings settings, ControlLog controlLog, Proposer proposer,
			ColorOffsets colorOffsets, GroupMembership groupMembership, LocalInstance localInstance,
			FleetExecutor executor) {
		return new SwitchCoordinator(settings, controlLog, proposer, colorOffsets, groupMembership, localInstance,
				executor);
	}

	@Bean
	@ConditionalOnMissingBean
	FleetService bluegreenFleetService(FleetSettings settings, ControlLog controlLog, Liveness liveness,
			SwitchCoordinator coordinator, FleetExecutor executor, ApplicationEventPublisher eventPublisher) {
		return new FleetService(settings, controlLog, liveness, coordinator, executor, eventPublisher);
	}

	private static String defaultInstanceId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "instance";
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 6);
	}

	/**
	 * The Kafka side of the fleet: the control topic, the colors' groups and offsets, and
	 * this instance's consumers.
	 */
	@Configuration(proxyBeanMethods = false)
	static class KafkaAdaptersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ControlTopic bluegreenControlTopic(FleetSettings settings, BlueGreenProperties properties,
				KafkaAdmin kafkaAdmin) {
			BlueGreenProperties.Fleet fleet = properties.getFleet();
			return new ControlTopic(kafkaAdmin.getConfigurationProperties(), fleet.getControlTopic(),
					fleet.getControlTopicReplicationFactor(), fleet.getControlTopicMinInsyncReplicas(),
					settings.startupTimeout());
		}

		@Bean
		@ConditionalOnMissingBean(ControlLog.class)
		KafkaControlLog bluegreenControlLog(FleetSettings settings, ControlTopic controlTopic, KafkaAdmin kafkaAdmin) {
			// Its own mapper: the wire format must not
			// follow the application's customizations
			JsonMapper jsonMapper = JsonMapper.builder()
				.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.build();
			ControlRecordCodec codec = new ControlRecordCodec(settings.deployment(), jsonMapper);
			return new KafkaControlLog(kafkaAdmin.getConfigurationProperties(), controlTopic, settings.deployment(),
					settings.instanceId(), codec);
		}

		@Bean
		@ConditionalOnMissingBean
		ColorGroups bluegreenColorGroups(ObjectProvider<ListenerContainerRegistry> registry,
				ListenerSelection selection, PausePositions pausePositions, BlueGreenProperties properties,
				FleetSettings settings, ObjectProvider<ConsumerFactory<?, ?>> consumerFactories,
				GroupSeeding groupSeeding) {
			// Client ids the application chose, for
			// quotas or monitoring, stay as they are
			boolean factoryNamesClients = consumerFactories.stream()
				.anyMatch(
						(factory) -> factory.getConfigurationProperties().get(ConsumerConfig.CLIENT_ID_CONFIG) != null);
			return new ColorGroups(registry, selection, pausePositions, properties.getFleet().getGroupId(),
					!factoryNamesClients, settings.color(), settings.instanceId(), groupSeeding, settings.colors(),
					properties.getFleet().getPreviousGroupIds());
		}

		@Bean
		@ConditionalOnMissingBean
		SessionTimeoutCheck bluegreenSessionTimeoutCheck(FleetSettings settings, BrokerMetadata brokerMetadata,
				ObjectProvider<ConsumerFactory<?, ?>> consumerFactories) {
			Map<String, Object> consumerConfig = consumerFactories.orderedStream()
				.findFirst()
				.<Map<String, Object>>map(ConsumerFactory::getConfigurationProperties)
				.orElse(Map.of());
			return new SessionTimeoutCheck(settings.switchTimeout(), consumerConfig, brokerMetadata);
		}

		@Bean
		@ConditionalOnMissingBean
		GroupSeeding bluegreenGroupSeeding(FleetSettings settings, BrokerMetadata brokerMetadata,
				KafkaAdmin kafkaAdmin) {
			Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
			config.put(ProducerConfig.CLIENT_ID_CONFIG, "bluegreen-seed-" + settings.instanceId());
			config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
			config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
			config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			return new GroupSeeding(brokerMetadata, (transactionalId) -> {
				Map<String, Object> producerConfig = new HashMap<>(config);
				producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
				return new KafkaProducer<>(producerConfig);
			}, settings.startupTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		GroupOffsetsWriter bluegreenGroupOffsetsWriter(FleetSettings settings, KafkaAdmin kafkaAdmin) {
			Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
			config.put(ProducerConfig.CLIENT_ID_CONFIG, "bluegreen-offsets-" + settings.instanceId());
			config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
					"bluegreen-offsets-" + settings.deployment() + "-" + settings.instanceId());
			config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
			config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
			// The first commit into a group waits for the lookup of its coordinator, then
			// for retry.backoff.ms before it is sent again: 100 ms by default, paid by
			// the first switch into every group
			config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20);
			config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
			return new GroupOffsetsWriter(() -> new KafkaProducer<>(config));
		}

		@Bean
		@ConditionalOnMissingBean(name = "bluegreenHandoverReadiness")
		ReadinessCheck bluegreenHandoverReadiness(GroupOffsetsWriter offsetsWriter) {
			// An initialization that failed is tried
			// again while the instance is not ready
			return () -> offsetsWriter.prepareIfNeeded() ? List.of()
					: List.of("transactional producer of the offset handover not initialized yet");
		}

		@Bean
		@ConditionalOnMissingBean
		BrokerCalls bluegreenBrokerCalls(FleetSettings settings) {
			// Threads of its own, not an Executor bean: that would make Boot's
			// applicationTaskExecutor back off
			return BrokerCalls.withOwnThreads("bluegreen-broker-" + settings.instanceId() + "-");
		}

		@Bean
		@ConditionalOnMissingBean(ColorOffsets.class)
		KafkaColorOffsets bluegreenColorOffsets(BrokerMetadata brokerMetadata, GroupOffsetsWriter offsetsWriter,
				BrokerCalls brokerCalls) {
			return new KafkaColorOffsets(brokerMetadata, offsetsWriter, brokerCalls);
		}

		@Bean
		@ConditionalOnMissingBean(GroupMembership.class)
		KafkaGroupMembership bluegreenGroupMembership(BrokerMetadata brokerMetadata, BrokerCalls brokerCalls,
				ObjectProvider<SessionTimeoutCheck> sessionTimeoutCheck) {
			return new KafkaGroupMembership(brokerMetadata, brokerCalls, () -> {
				SessionTimeoutCheck check = sessionTimeoutCheck.getIfAvailable();
				return (check != null) ? check.found() : null;
			});
		}

		@Bean
		@ConditionalOnMissingBean(LocalInstance.class)
		KafkaLocalInstance bluegreenLocalInstance(ObjectProvider<LifecycleService> lifecycleService,
				ColorGroups colorGroups, PausePositions pausePositions, HandoverSeeks handoverSeeks) {
			return new KafkaLocalInstance(lifecycleService, colorGroups, pausePositions, handoverSeeks);
		}

	}

}
