package io.bluegreen.autoconfigure;

import java.time.Duration;

import io.bluegreen.actuate.endpoint.BlueGreenEndpoint;
import io.bluegreen.actuate.endpoint.BlueGreenEndpointWebExtension;
import io.bluegreen.actuate.health.LifecycleHealthIndicator;
import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.DesiredStateFollower;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.kafka.consumer.KafkaManagedListeners;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.ManagedListeners;
import io.bluegreen.metrics.LifecycleMetrics;
import io.bluegreen.web.WriteAccess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of the bluegreen auto-configurations.
 */
class BlueGreenAutoConfigurationTests {

	private static final AutoConfigurations BLUEGREEN = AutoConfigurations.of(KafkaAutoConfiguration.class,
			BlueGreenAutoConfiguration.class, BlueGreenEndpointAutoConfiguration.class,
			BlueGreenHealthAutoConfiguration.class, BlueGreenMetricsAutoConfiguration.class,
			BlueGreenWebAutoConfiguration.class, BlueGreenFleetAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(BLUEGREEN);

	@Test
	void lifecycleServiceStartsActiveByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LifecycleService.class).hasSingleBean(KafkaManagedListeners.class);
			LifecycleService service = context.getBean(LifecycleService.class);
			assertThat(service.getState()).isEqualTo(LifecycleState.ACTIVE);
			assertThat(service.getDrainTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(service.getColor()).isNull();
		});
	}

	@Test
	void propertiesConfigureTheService() {
		this.runner
			.withPropertyValues("bluegreen.color=green", "bluegreen.initial-state=paused", "bluegreen.drain-timeout=5s")
			.run((context) -> {
				LifecycleService service = context.getBean(LifecycleService.class);
				assertThat(service.getState()).isEqualTo(LifecycleState.PAUSED);
				assertThat(service.getColor()).isEqualTo("green");
				assertThat(service.getDrainTimeout()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void drainingIsNotAValidInitialState() {
		this.runner.withPropertyValues("bluegreen.initial-state=DRAINING")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bluegreen.initial-state must be ACTIVE or PAUSED, not DRAINING"));
	}

	@Test
	void unknownListenerIdsInIncludeListFailAtStartupNamingTheKnownIds() {
		this.runner.withPropertyValues("bluegreen.listeners.include=ordres")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("unknown listener ids [ordres]"));
	}

	@Test
	void fleetCoordinationIsOffByDefault() {
		this.runner.withPropertyValues("bluegreen.color=blue")
			.run((context) -> assertThat(context).hasSingleBean(LifecycleService.class)
				.doesNotHaveBean(DesiredStateFollower.class)
				.doesNotHaveBean(FleetService.class)
				.doesNotHaveBean(ControlLog.class));
	}

	@Test
	void fleetCoordinationNeedsAColor() {
		this.runner.withPropertyValues("bluegreen.fleet.enabled=true", "spring.application.name=orders")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bluegreen.fleet.enabled=true requires bluegreen.color, one of [blue, green]"));
	}

	@Test
	void fleetColorMustBeOneOfTheConfiguredColors() {
		this.runner
			.withPropertyValues("bluegreen.fleet.enabled=true", "spring.application.name=orders", "bluegreen.color=red")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bluegreen.color 'red' is not one of bluegreen.fleet.colors [blue, green]"));
	}

	@Test
	void fleetCoordinationNeedsADeploymentName() {
		this.runner.withPropertyValues("bluegreen.fleet.enabled=true", "bluegreen.color=blue")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("requires bluegreen.fleet.deployment or spring.application.name"));
	}

	@Test
	void aDeploymentNameWithASlashIsRefused() {
		this.runner
			.withPropertyValues("bluegreen.fleet.enabled=true", "bluegreen.color=blue",
					"bluegreen.fleet.deployment=orders/eu")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidDeploymentNameException.class)
				.hasMessageContaining("Deployment name 'orders/eu' (from bluegreen.fleet.deployment) is not allowed")
				.hasMessageContaining("instances of 'orders' would read this deployment's records"));
	}

	@Test
	void theDefaultApplicationNameIsRefusedAsADeploymentName() {
		this.runner
			.withPropertyValues("bluegreen.fleet.enabled=true", "bluegreen.color=blue",
					"spring.application.name=application")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidDeploymentNameException.class)
				.hasMessageContaining("(from spring.application.name)")
				.hasMessageContaining("unrelated applications would become one fleet"));
	}

	@Test
	void aRefusedDeploymentNameIsExplainedAtStartup() {
		FailureAnalysis analysis = new InvalidDeploymentNameFailureAnalyzer()
			.analyze(new IllegalStateException(new InvalidDeploymentNameException("a b", "bluegreen.fleet.deployment",
					"it contains whitespace or control characters")));
		assertThat(analysis.getDescription()).contains("'a b'", "whitespace");
		assertThat(analysis.getAction()).contains("Set bluegreen.fleet.deployment");
	}

	@Test
	void controlTopicReplicationIsPositiveOrTheBrokerDefault() {
		this.runner
			.withPropertyValues("bluegreen.fleet.enabled=true", "bluegreen.color=blue",
					"spring.application.name=orders", "bluegreen.fleet.control-topic-replication-factor=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(
						"bluegreen.fleet.control-topic-replication-factor must be positive, or -1 for the broker default, not 0"));
	}

	@Test
	void controlTopicMinInsyncReplicasCannotExceedItsReplicationFactor() {
		this.runner
			.withPropertyValues("bluegreen.fleet.enabled=true", "bluegreen.color=blue",
					"spring.application.name=orders", "bluegreen.fleet.control-topic-replication-factor=1",
					"bluegreen.fleet.control-topic-min-insync-replicas=2")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("min.insync.replicas of the control topic (2) must not exceed its replication "
						+ "factor (1): no write could ever be acknowledged"));
	}

	@Test
	void fleetGroupIdPatternNeedsBothPlaceholders() {
		this.runner
			.withPropertyValues("bluegreen.fleet.enabled=true", "bluegreen.color=blue",
					"spring.application.name=orders", "bluegreen.fleet.group-id=orders-{color}")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(
						"bluegreen.fleet.group-id 'orders-{color}' must contain both {group} and {color}"));
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("bluegreen.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LifecycleService.class)
				.doesNotHaveBean(ManagedListeners.class));
	}

	@Test
	void backsOffWithoutSpringKafka() {
		this.runner.withClassLoader(new FilteredClassLoader(EnableKafka.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LifecycleService.class));
	}

	@Test
	void userLifecycleServiceTakesPrecedence() {
		this.runner.withUserConfiguration(UserLifecycleConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LifecycleService.class);
			assertThat(context.getBean(LifecycleService.class))
				.isSameAs(context.getBean(UserLifecycleConfiguration.class).service);
		});
	}

	@Test
	void noEndpointHealthOrMetricsWithoutActuatorInfrastructure() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(BlueGreenEndpoint.class)
			.doesNotHaveBean(LifecycleMetrics.class));
	}

	@Test
	void noActuatorOnTheClasspath() {
		this.runner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
					"org.springframework.boot.health", "io.micrometer.core"))
			.run((context) -> assertThat(context).hasSingleBean(LifecycleService.class)
				.doesNotHaveBean(BlueGreenEndpoint.class)
				.doesNotHaveBean(LifecycleHealthIndicator.class)
				.doesNotHaveBean(LifecycleMetrics.class));
	}

	@Test
	void endpointWhenExposed() {
		this.runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=bluegreen")
			.run((context) -> assertThat(context).hasSingleBean(BlueGreenEndpoint.class)
				.hasSingleBean(BlueGreenEndpointWebExtension.class));
	}

	@Test
	void noWebExtensionWhenExposedOverJmxOnly() {
		this.runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=bluegreen")
			.run((context) -> assertThat(context).hasSingleBean(BlueGreenEndpoint.class)
				.doesNotHaveBean(BlueGreenEndpointWebExtension.class));
	}

	@Test
	void noEndpointWhenNotExposed() {
		this.runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(BlueGreenEndpoint.class)
				.doesNotHaveBean(BlueGreenEndpointWebExtension.class));
	}

	@Test
	void healthIndicatorAndItsSwitch() {
		ApplicationContextRunner health = this.runner
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class));
		health.run((context) -> assertThat(context).hasBean("bluegreenHealthIndicator"));
		health.withPropertyValues("management.health.bluegreen.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LifecycleHealthIndicator.class));
	}

	@Test
	void metricsWithAMeterRegistryAndTheirSwitch() {
		ApplicationContextRunner metrics = this.runner.withConfiguration(
				AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));
		metrics.run((context) -> assertThat(context).hasSingleBean(LifecycleMetrics.class));
		metrics.withPropertyValues("bluegreen.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LifecycleMetrics.class));
	}

	@Test
	void theCoreOpensNothingOnTheApplicationPort() {
		new WebApplicationContextRunner().withConfiguration(BLUEGREEN)
			.withPropertyValues("bluegreen.shawarma.enabled=true", "bluegreen.flagger.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(WriteAccess.class).doesNotHaveBean(FilterRegistrationBean.class);
				assertThat(context.getBeansWithAnnotation(RestController.class)).isEmpty();
			});
	}

	@Test
	void writeAccessFollowsTheAccessProperties() {
		WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(BLUEGREEN);
		MockHttpServletRequest local = new MockHttpServletRequest("POST", "/lifecycle/pause");
		local.setRemoteAddr("127.0.0.1");
		local.setAttribute(WriteAccess.PEER_ADDRESS_ATTRIBUTE, "127.0.0.1");
		web.run((context) -> assertThat(context.getBean(WriteAccess.class).check(local))
			.hasValueSatisfying((refusal) -> assertThat(refusal.status()).isEqualTo(HttpStatus.FORBIDDEN)));
		web.withPropertyValues("bluegreen.access.trust-loopback=true")
			.run((context) -> assertThat(context.getBean(WriteAccess.class).check(local)).isEmpty());
		web.withPropertyValues("bluegreen.access.token=s3cret")
			.run((context) -> assertThat(context.getBean(WriteAccess.class).check(local))
				.hasValueSatisfying((refusal) -> assertThat(refusal.status()).isEqualTo(HttpStatus.UNAUTHORIZED)));
		web.withPropertyValues("bluegreen.access.token-file=/nonexistent/bluegreen-token")
			.run((context) -> assertThat(context.getBean(WriteAccess.class).check(local))
				.hasValueSatisfying((refusal) -> assertThat(refusal.status()).isEqualTo(HttpStatus.FORBIDDEN)));
		web.withPropertyValues("bluegreen.access.token=s3cret", "bluegreen.access.token-file=/run/bluegreen-token")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(MutuallyExclusiveConfigurationPropertiesException.class)
				.hasMessageContaining("bluegreen.access.token")
				.hasMessageContaining("bluegreen.access.token-file"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserLifecycleConfiguration {

		final LifecycleService service = new LifecycleService(new NoListeners(), (event) -> {
		}, "custom", LifecycleState.ACTIVE, Duration.ofSeconds(1), java.time.Clock.systemUTC());

		@Bean
		LifecycleService userLifecycleService() {
			return this.service;
		}

	}

	static class NoListeners implements ManagedListeners {

		@Override
		public void validate() {
		}

		@Override
		public void requestPause() {
		}

		@Override
		public void requestResume() {
		}

		@Override
		public java.util.List<io.bluegreen.lifecycle.ListenerStatus> inspect() {
			return java.util.List.of();
		}

	}

}
