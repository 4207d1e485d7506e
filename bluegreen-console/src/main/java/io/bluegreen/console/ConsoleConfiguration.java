package io.bluegreen.console;

import java.time.Clock;
import java.time.Duration;

import io.bluegreen.console.fleet.ClusterConnection;
import io.bluegreen.console.fleet.Deployments;
import io.bluegreen.console.fleet.LagCache;
import io.bluegreen.console.fleet.LagReader;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.TaskScheduler;

/**
 * The console's connection to Kafka, from {@code spring.kafka.*}: the deployments of the
 * control topics, the lag of their groups, and the check of the connection.
 *
 * @author bluegreen
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

	@Bean
	Deployments bluegreenConsoleDeployments(ConsoleProperties properties, KafkaAdmin kafkaAdmin,
			TaskExecutor applicationTaskExecutor) {
		return new Deployments(properties, kafkaAdmin.getConfigurationProperties(), applicationTaskExecutor);
	}

	@Bean(destroyMethod = "close")
	LagReader bluegreenConsoleLagReader(KafkaAdmin kafkaAdmin) {
		return new LagReader(kafkaAdmin.getConfigurationProperties());
	}

	@Bean
	LagCache bluegreenConsoleLagCache(LagReader reader, ConsoleProperties properties) {
		return new LagCache(reader, properties.getRefreshInterval(), Clock.systemUTC());
	}

	@Bean(destroyMethod = "close")
	ClusterConnection bluegreenConsoleClusterConnection(KafkaAdmin kafkaAdmin, ConsoleProperties properties,
			TaskScheduler taskScheduler) {
		ClusterConnection connection = new ClusterConnection(kafkaAdmin.getConfigurationProperties(),
				Duration.ofSeconds(3));
		taskScheduler.scheduleWithFixedDelay(connection::check, properties.getConnectionCheckInterval());
		return connection;
	}

}
