package io.bluegreen.integration.autoconfigure;

import io.bluegreen.autoconfigure.BlueGreenAutoConfiguration;
import io.bluegreen.autoconfigure.BlueGreenFleetAutoConfiguration;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.integration.InstanceActivation;
import io.bluegreen.integration.argo.PodLabelFollower;
import io.bluegreen.lifecycle.LifecycleService;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Auto-configuration of what deployment tools that see one pod at a time drive: the
 * {@link InstanceActivation} they share, and the {@link PodLabelFollower} for Argo
 * Rollouts' pod labels.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = { BlueGreenAutoConfiguration.class, BlueGreenFleetAutoConfiguration.class })
@ConditionalOnBean(LifecycleService.class)
@EnableConfigurationProperties(BlueGreenIntegrationsProperties.class)
public final class BlueGreenIntegrationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InstanceActivation bluegreenInstanceActivation(LifecycleService lifecycleService,
			ObjectProvider<FleetService> fleetService) {
		return new InstanceActivation(lifecycleService, fleetService.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bluegreen.argo.enabled")
	static class ArgoConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PodLabelFollower bluegreenPodLabelFollower(BlueGreenIntegrationsProperties properties,
				InstanceActivation activation, PodLabelScheduler scheduler) {
			BlueGreenIntegrationsProperties.Argo argo = properties.getArgo();
			return new PodLabelFollower(argo.getLabelsFile(), argo.getLabel(), argo.getActiveValue(),
					argo.getPollInterval(), activation, scheduler.scheduler);
		}

		@Bean
		PodLabelScheduler bluegreenPodLabelScheduler(ObjectProvider<ThreadPoolTaskSchedulerBuilder> builder) {
			ThreadPoolTaskScheduler scheduler = builder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new)
				.poolSize(1)
				.threadNamePrefix("bluegreen-pod-labels-")
				.build();
			scheduler.setDaemon(true);
			scheduler.initialize();
			return new PodLabelScheduler(scheduler);
		}

	}

	/**
	 * The follower's own scheduler, shut down with the context. Not a
	 * {@code TaskScheduler} bean, which would take the place of the one Spring Boot
	 * configures for the application's {@code @Scheduled} methods.
	 */
	static final class PodLabelScheduler implements DisposableBean {

		private final ThreadPoolTaskScheduler scheduler;

		PodLabelScheduler(ThreadPoolTaskScheduler scheduler) {
			this.scheduler = scheduler;
		}

		@Override
		public void destroy() {
			this.scheduler.shutdown();
		}

	}

}
