package io.bluegreen.autoconfigure;

import java.time.Clock;

import io.bluegreen.kafka.broker.BrokerMetadata;
import io.bluegreen.kafka.consumer.ConsumerPostProcessorRegistrar;
import io.bluegreen.kafka.consumer.HandoverSeeks;
import io.bluegreen.kafka.consumer.KafkaManagedListeners;
import io.bluegreen.kafka.consumer.ListenerAssignments;
import io.bluegreen.kafka.consumer.ListenerSelection;
import io.bluegreen.kafka.consumer.PausePositions;
import io.bluegreen.kafka.consumer.ProducerFactoryTransactionRegistrar;
import io.bluegreen.kafka.consumer.TransactionalCommits;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.ManagedListeners;
import io.bluegreen.lifecycle.TransitionGuard;
import io.bluegreen.readiness.ReadinessCheck;
import io.bluegreen.readiness.SwitchReadiness;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Auto-configuration of the bluegreen lifecycle for the application's Kafka listener
 * containers.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(EnableKafka.class)
@ConditionalOnBooleanProperty(name = "bluegreen.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BlueGreenProperties.class)
public final class BlueGreenAutoConfiguration {

	@Bean
	static ConsumerPostProcessorRegistrar bluegreenConsumerPostProcessorRegistrar(
			ObjectProvider<PausePositions> pausePositions) {
		return new ConsumerPostProcessorRegistrar(pausePositions);
	}

	@Bean
	static ProducerFactoryTransactionRegistrar bluegreenProducerFactoryTransactionRegistrar(
			ObjectProvider<TransactionalCommits> transactionalCommits) {
		return new ProducerFactoryTransactionRegistrar(transactionalCommits);
	}

	@Bean
	@ConditionalOnMissingBean
	TransactionalCommits bluegreenTransactionalCommits() {
		return new TransactionalCommits();
	}

	@Bean
	@ConditionalOnMissingBean
	HandoverSeeks bluegreenHandoverSeeks() {
		return new HandoverSeeks();
	}

	@Bean
	@ConditionalOnMissingBean
	PausePositions bluegreenPausePositions(HandoverSeeks handoverSeeks, ListenerSelection selection,
			BlueGreenProperties properties) {
		return new PausePositions(handoverSeeks, selection, properties.getListeners().getManualAcks());
	}

	@Bean
	@ConditionalOnMissingBean
	BrokerMetadata bluegreenBrokerMetadata(ObjectProvider<KafkaAdmin> kafkaAdmin) {
		return new BrokerMetadata(() -> Admin.create(kafkaAdmin.getObject().getConfigurationProperties()));
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerSelection bluegreenListenerSelection(BlueGreenProperties properties) {
		return new ListenerSelection(properties.getListeners().getInclude(), properties.getListeners().getExclude());
	}

	@Bean
	@ConditionalOnMissingBean
	ManagedListeners bluegreenManagedListeners(KafkaListenerEndpointRegistry registry, ListenerSelection selection,
			PausePositions pausePositions, BrokerMetadata brokerMetadata, TransactionalCommits transactionalCommits) {
		return new KafkaManagedListeners(registry, selection, pausePositions, brokerMetadata, transactionalCommits);
	}

	@Bean
	@ConditionalOnMissingBean
	LifecycleService bluegreenLifecycleService(ManagedListeners managedListeners,
			ApplicationEventPublisher eventPublisher, BlueGreenProperties properties,
			ObjectProvider<TransitionGuard> transitionGuard) {
		// A guard, such as fleet coordination's, decides
		// the initial state and may refuse requests
		TransitionGuard guard = transitionGuard.getIfUnique(() -> TransitionGuard.NONE);
		return new LifecycleService(managedListeners, eventPublisher, properties.getColor(),
				() -> guard.initialState(properties.getInitialState()), guard, properties.getDrainTimeout(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerAssignments bluegreenListenerAssignments(KafkaListenerEndpointRegistry registry,
			ListenerSelection selection, PausePositions pausePositions, BrokerMetadata brokerMetadata) {
		return new ListenerAssignments(registry, selection, pausePositions, brokerMetadata);
	}

	@Bean
	@ConditionalOnMissingBean
	SwitchReadiness bluegreenSwitchReadiness(ObjectProvider<ReadinessCheck> checks) {
		// Fleet coordination adds its checks: resolved at each check, not at creation
		return new SwitchReadiness(() -> checks.orderedStream().toList(), Clock.systemUTC());
	}

}
