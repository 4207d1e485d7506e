package io.bluegreen.integration.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import io.bluegreen.autoconfigure.BlueGreenAutoConfiguration;
import io.bluegreen.autoconfigure.BlueGreenFleetAutoConfiguration;
import io.bluegreen.autoconfigure.BlueGreenWebAutoConfiguration;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.integration.InstanceActivation;
import io.bluegreen.integration.flagger.FlaggerWebhookController;
import io.bluegreen.integration.lifecycle.LifecycleController;
import io.bluegreen.integration.shawarma.ShawarmaController;
import io.bluegreen.integration.web.ProblemResponses;
import io.bluegreen.integration.web.TomcatPeerAddressValve;
import io.bluegreen.integration.web.WriteRequestFilter;
import io.bluegreen.integration.web.WriteRequestFilter.Guard;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.web.BoundedBody;
import io.bluegreen.web.WriteAccess;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of bluegreen's HTTP APIs on the application's servlet web server:
 * the lifecycle API ({@code /lifecycle/pause}, {@code /lifecycle/resume},
 * {@code /lifecycle/status}), the Shawarma application state and Flagger's webhooks, the
 * filter that checks their writes with the core's {@link WriteAccess} before their body
 * is read, and the {@link ProblemResponses} that answer their malformed requests.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = { BlueGreenAutoConfiguration.class, BlueGreenFleetAutoConfiguration.class,
		BlueGreenWebAutoConfiguration.class, BlueGreenIntegrationsAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean({ LifecycleService.class, WriteAccess.class, BoundedBody.class })
@EnableConfigurationProperties(BlueGreenIntegrationsProperties.class)
public final class BlueGreenIntegrationsWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "bluegreenWriteRequestFilter")
	FilterRegistrationBean<WriteRequestFilter> bluegreenWriteRequestFilter(BlueGreenIntegrationsProperties properties,
			WriteAccess writeAccess, BoundedBody boundedBody) {
		Map<String, Guard> paths = new HashMap<>();
		if (properties.getLifecycleApi().isEnabled()) {
			String base = properties.getLifecycleApi().getBasePath();
			paths.put(base + "/pause", Guard.WRITE);
			paths.put(base + "/resume", Guard.WRITE);
		}
		if (properties.getShawarma().isEnabled()) {
			paths.put(properties.getShawarma().getPath(), Guard.WRITE);
		}
		if (properties.getFlagger().isEnabled()) {
			String base = properties.getFlagger().getBasePath();
			paths.put(base + "/confirm-promotion", Guard.WRITE_WITH_BODY_TOKEN);
			paths.put(base + "/pre-rollout", Guard.READ);
			paths.put(base + "/rollback", Guard.READ);
		}
		FilterRegistrationBean<WriteRequestFilter> registration = new FilterRegistrationBean<>(
				new WriteRequestFilter(paths, writeAccess, boundedBody));
		registration.setName("bluegreenWriteRequestFilter");
		registration.setOrder(WriteRequestFilter.ORDER);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemResponses bluegreenProblemResponses() {
		return new ProblemResponses();
	}

	/**
	 * On Tomcat, the address of each connection's own peer for {@link WriteAccess}, read
	 * before Tomcat's forwarded-header handling can replace it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory")
	static class TomcatPeerAddressConfiguration {

		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> bluegreenPeerAddressCustomizer() {
			return new PeerAddressCustomizer();
		}

	}

	/**
	 * Adds the valve before any other, in particular before the {@code RemoteIpValve}
	 * that Spring Boot adds.
	 */
	static final class PeerAddressCustomizer
			implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

		@Override
		public void customize(ConfigurableTomcatWebServerFactory factory) {
			factory.addEngineValves(new TomcatPeerAddressValve());
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "bluegreen.lifecycle-api.enabled", matchIfMissing = true)
	static class LifecycleApiConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LifecycleController bluegreenLifecycleController(LifecycleService lifecycleService, WriteAccess writeAccess) {
			return new LifecycleController(lifecycleService, writeAccess);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bluegreen.shawarma.enabled")
	static class ShawarmaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ShawarmaController bluegreenShawarmaController(LifecycleService lifecycleService, InstanceActivation activation,
				WriteAccess writeAccess) {
			return new ShawarmaController(lifecycleService, activation, writeAccess);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bluegreen.flagger.enabled")
	static class FlaggerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FlaggerWebhookController bluegreenFlaggerWebhookController(ObjectProvider<FleetService> fleetService,
				WriteAccess writeAccess) {
			FleetService fleet = fleetService.getIfAvailable();
			Assert.state(fleet != null, "bluegreen.flagger.enabled=true requires bluegreen.fleet.enabled=true: "
					+ "Flagger's webhooks switch the whole deployment");
			return new FlaggerWebhookController(fleet, writeAccess);
		}

	}

}
