package io.bluegreen.autoconfigure;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.web.LifecycleController;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of the lifecycle HTTP API ({@code /lifecycle/pause},
 * {@code /lifecycle/resume}, {@code /lifecycle/status}) on the application's servlet web
 * server.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = BlueGreenAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(LifecycleService.class)
@ConditionalOnBooleanProperty(name = "bluegreen.lifecycle-api.enabled", matchIfMissing = true)
public final class BlueGreenLifecycleApiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LifecycleController bluegreenLifecycleController(LifecycleService lifecycleService) {
		return new LifecycleController(lifecycleService);
	}

}
