package io.bluegreen.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.fleet.ControlChannel;
import io.bluegreen.fleet.FleetAgent;
import io.bluegreen.fleet.FleetDirective;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.FleetSettings;
import io.bluegreen.kafka.BrokerMetadata;
import io.bluegreen.kafka.ColorGroups;
import io.bluegreen.kafka.ControlTopic;
import io.bluegreen.kafka.GroupOffsetsWriter;
import io.bluegreen.kafka.HandoverSeeks;
import io.bluegreen.kafka.KafkaManagedListeners;
import io.bluegreen.kafka.PausePositions;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.ManagedListeners;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of fleet coordination: a consumer group per color, the desired
 * state of the deployment in a Kafka control topic, and the fleet switch.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = BlueGreenAutoConfiguration.class)
@ConditionalOnBean(LifecycleService.class)
@ConditionalOnBooleanProperty("bluegreen.fleet.enabled")
public final class BlueGreenFleetAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FleetSettings bluegreenFleetSettings(BlueGreenProperties properties, Environment environment) {
		BlueGreenProperties.Fleet fleet = properties.getFleet();
		String color = properties.getColor();
		Assert.state(StringUtils.hasText(color), () -> "bluegreen.fleet.enabled=true requires bluegreen.color, one of "
				+ fleet.getColors());
		String deployment = (fleet.getDeployment() != null) ? fleet.getDeployment()
				: environment.getProperty("spring.application.name");
		Assert.state(StringUtils.hasText(deployment),
				"bluegreen.fleet.enabled=true requires bluegreen.fleet.deployment or spring.application.name");
		String instanceId = (fleet.getInstanceId() != null) ? fleet.getInstanceId() : defaultInstanceId();
		return new FleetSettings(deployment, instanceId, color, fleet.getColors(), properties.getInitialState(),
				fleet.getSwitchTimeout(), fleet.getHeartbeatInterval(), fleet.getInstanceTimeout(),
				fleet.getOffsetSyncInterval(), fleet.getStartupTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	FleetDirective bluegreenFleetDirective() {
		return new FleetDirective();
	}

	@Bean
	@ConditionalOnMissingBean
	ColorGroups bluegreenColorGroups(ManagedListeners managedListeners, BlueGreenProperties properties,
			ObjectProvider<ConsumerFactory<?, ?>> consumerFactories) {
		Assert.state(managedListeners instanceof KafkaManagedListeners,
				"Fleet coordination needs the Kafka managed listeners of bluegreen, not " + managedListeners);
		// Client ids the application chose, for quotas or monitoring, stay as they are
		boolean factoryNamesClients = consumerFactories.stream()
			.anyMatch((factory) -> factory.getConfigurationProperties().get(ConsumerConfig.CLIENT_ID_CONFIG) != null);
		return new ColorGroups((KafkaManagedListeners) managedListeners, properties.getFleet().getGroupId(),
				!factoryNamesClients);
	}

	@Bean
	@ConditionalOnMissingBean
	ControlTopic bluegreenControlTopic(FleetSettings settings, BlueGreenProperties properties, KafkaAdmin kafkaAdmin) {
		BlueGreenProperties.Fleet fleet = properties.getFleet();
		return new ControlTopic(kafkaAdmin.getConfigurationProperties(), fleet.getControlTopic(),
				fleet.getControlTopicReplicationFactor(), fleet.getControlTopicMinInsyncReplicas(),
				settings.startupTimeout());
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	ControlChannel bluegreenControlChannel(FleetSettings settings, ControlTopic controlTopic, KafkaAdmin kafkaAdmin) {
		// Its own mapper: the wire format must not follow the application's customizations
		return new ControlChannel(kafkaAdmin.getConfigurationProperties(), controlTopic, settings.deployment(),
				settings.instanceId(), JsonMapper.builder().build(), Clock.systemUTC());
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
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new GroupOffsetsWriter(() -> new KafkaProducer<>(config));
	}

	@Bean
	@ConditionalOnMissingBean
	FleetAgent bluegreenFleetAgent(FleetSettings settings, ControlChannel controlChannel, FleetDirective directive,
			ObjectProvider<LifecycleService> lifecycleService, ColorGroups colorGroups, PausePositions pausePositions,
			HandoverSeeks handoverSeeks, BrokerMetadata brokerMetadata, GroupOffsetsWriter offsetsWriter) {
		return new FleetAgent(settings, controlChannel, directive, lifecycleService, colorGroups, pausePositions,
				handoverSeeks, brokerMetadata, offsetsWriter, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	FleetService bluegreenFleetService(FleetSettings settings, ControlChannel controlChannel, ColorGroups colorGroups,
			BrokerMetadata brokerMetadata, GroupOffsetsWriter offsetsWriter, ApplicationEventPublisher eventPublisher) {
		return new FleetService(settings, controlChannel, colorGroups, brokerMetadata, offsetsWriter, eventPublisher,
				Clock.systemUTC());
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

}
