package io.bluegreen.integration.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.bluegreen.autoconfigure.BlueGreenAutoConfiguration;
import io.bluegreen.autoconfigure.BlueGreenFleetAutoConfiguration;
import io.bluegreen.autoconfigure.BlueGreenWebAutoConfiguration;
import io.bluegreen.integration.InstanceActivation;
import io.bluegreen.integration.argo.PodLabelFollower;
import io.bluegreen.integration.flagger.FlaggerWebhookController;
import io.bluegreen.integration.lifecycle.LifecycleController;
import io.bluegreen.integration.shawarma.ShawarmaController;
import io.bluegreen.integration.web.ProblemResponses;
import io.bluegreen.integration.web.WriteRequestFilter;
import io.bluegreen.web.WriteAccess;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of the integrations' auto-configurations.
 */
class BlueGreenIntegrationsAutoConfigurationTests {

	private static final AutoConfigurations BLUEGREEN = AutoConfigurations.of(KafkaAutoConfiguration.class,
			BlueGreenAutoConfiguration.class, BlueGreenWebAutoConfiguration.class,
			BlueGreenFleetAutoConfiguration.class, BlueGreenIntegrationsAutoConfiguration.class,
			BlueGreenIntegrationsWebAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(BLUEGREEN);

	private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(BLUEGREEN);

	@Test
	void lifecycleApiOnlyInServletWebApplicationsAndItsSwitch() {
		this.web.run((context) -> assertThat(context).hasSingleBean(LifecycleController.class));
		this.web.withPropertyValues("bluegreen.lifecycle-api.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LifecycleController.class));
		this.runner.run((context) -> assertThat(context).hasSingleBean(InstanceActivation.class)
			.doesNotHaveBean(LifecycleController.class)
			.doesNotHaveBean(WriteRequestFilter.class));
	}

	@Test
	void problemResponsesOnlyInServletWebApplications() {
		this.web.run((context) -> assertThat(context).hasSingleBean(ProblemResponses.class));
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ProblemResponses.class));
	}

	@Test
	void writesAreCheckedRightAfterSpringSecurityWithTheCoresAccess() {
		this.web.run((context) -> {
			assertThat(context.getBean("bluegreenWriteRequestFilter", FilterRegistrationBean.class).getOrder())
				.isEqualTo(WriteRequestFilter.ORDER)
				.isEqualTo(WriteAccess.FILTER_ORDER);
			assertThat(context).hasSingleBean(WriteAccess.class);
		});
	}

	@Test
	void shawarmaAndFlaggerAreOptIn() {
		this.web.run((context) -> assertThat(context).doesNotHaveBean(ShawarmaController.class)
			.doesNotHaveBean(FlaggerWebhookController.class));
		this.web.withPropertyValues("bluegreen.shawarma.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(ShawarmaController.class)
				.doesNotHaveBean(FlaggerWebhookController.class));
	}

	@Test
	void flaggerNeedsTheFleet() {
		this.web.withPropertyValues("bluegreen.flagger.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bluegreen.flagger.enabled=true requires bluegreen.fleet.enabled=true"));
	}

	@Test
	void argoIsOptInAndLeavesTheApplicationsSchedulerAlone() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(PodLabelFollower.class));
		this.runner.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
			.withUserConfiguration(Scheduling.class)
			.withPropertyValues("bluegreen.argo.enabled=true",
					"bluegreen.argo.labels-file=" + Path.of("target", "no-labels").toAbsolutePath())
			.run((context) -> assertThat(context).hasSingleBean(PodLabelFollower.class)
				.hasSingleBean(TaskScheduler.class)
				.hasBean("taskScheduler"));
	}

	@Test
	void theIntegrationsPropertiesKeepTheirNamesAndChecks() {
		this.runner
			.withPropertyValues("bluegreen.lifecycle-api.base-path=/lc", "bluegreen.shawarma.path=/state",
					"bluegreen.flagger.base-path=/hooks", "bluegreen.argo.label=rollout",
					"bluegreen.argo.poll-interval=250ms")
			.run((context) -> {
				BlueGreenIntegrationsProperties properties = context.getBean(BlueGreenIntegrationsProperties.class);
				assertThat(properties.getLifecycleApi().getBasePath()).isEqualTo("/lc");
				assertThat(properties.getShawarma().getPath()).isEqualTo("/state");
				assertThat(properties.getFlagger().getBasePath()).isEqualTo("/hooks");
				assertThat(properties.getArgo().getLabel()).isEqualTo("rollout");
				assertThat(properties.getArgo().getPollInterval()).hasMillis(250);
			});
		this.runner.withPropertyValues("bluegreen.argo.poll-interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bluegreen.argo.poll-interval must be positive"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Scheduling {

	}

}
