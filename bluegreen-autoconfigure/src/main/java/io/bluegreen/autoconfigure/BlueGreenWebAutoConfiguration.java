package io.bluegreen.autoconfigure;

import java.nio.file.Path;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.web.AccessToken;
import io.bluegreen.web.BoundedBody;
import io.bluegreen.web.WriteAccess;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of who may change state over HTTP in a servlet web application: the
 * {@link WriteAccess} built from {@code bluegreen.access.*} and the {@link BoundedBody}
 * limit, which the {@code bluegreen} actuator endpoint and the optional
 * {@code bluegreen-integrations} module share. The core opens nothing on the application
 * port.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = BlueGreenAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(LifecycleService.class)
public final class BlueGreenWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WriteAccess bluegreenWriteAccess(BlueGreenProperties properties) {
		BlueGreenProperties.Access access = properties.getAccess();
		Path tokenFile = access.getTokenFile();
		MutuallyExclusiveConfigurationPropertiesException.throwIfMultipleNonNullValuesIn((entries) -> {
			entries.put("bluegreen.access.token", StringUtils.hasText(access.getToken()) ? access.getToken() : null);
			entries.put("bluegreen.access.token-file", tokenFile);
		});
		AccessToken token = (tokenFile != null) ? AccessToken.fromFile(tokenFile) : AccessToken.of(access.getToken());
		return new WriteAccess(token, access.isTrustLoopback());
	}

	@Bean
	@ConditionalOnMissingBean
	BoundedBody bluegreenBoundedBody(BlueGreenProperties properties) {
		return new BoundedBody(properties.getAccess().getMaxBodySize());
	}

}
