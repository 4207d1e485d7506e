package io.bluegreen.autoconfigure;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.bluegreen.actuate.endpoint.BlueGreenEndpoint;
import io.bluegreen.actuate.endpoint.servlet.EndpointRequestFilter;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.web.BoundedBody;
import io.bluegreen.web.WriteAccess;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;

/**
 * Management context configuration of the check of requests to the {@code bluegreen}
 * actuator endpoint, in whichever context serves the actuator (the application's, or its
 * own on a separate management port).
 *
 * @author bluegreen
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ FilterRegistrationBean.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(endpoint = BlueGreenEndpoint.class, exposure = EndpointExposure.WEB)
public final class BlueGreenEndpointRequestConfiguration {

	private static final EndpointId ENDPOINT = EndpointId.of("bluegreen");

	@Bean
	@ConditionalOnMissingBean(name = "bluegreenEndpointRequestFilter")
	FilterRegistrationBean<EndpointRequestFilter> bluegreenEndpointRequestFilter(
			ObjectProvider<PathMappedEndpoints> pathMappedEndpoints, EndpointMediaTypes mediaTypes,
			EndpointAccessResolver accessResolver, ObjectProvider<WriteAccess> writeAccess,
			ObjectProvider<BoundedBody> boundedBody) {
		List<String> states = LifecycleService.requestableStates().stream().map(LifecycleState::name).toList();
		EndpointRequestFilter filter = new EndpointRequestFilter(() -> {
			PathMappedEndpoints endpoints = pathMappedEndpoints.getIfAvailable();
			return (endpoints != null) ? endpoints.getPath(ENDPOINT) : null;
		}, mediaTypes.getConsumed().stream().map(MediaType::parseMediaType).toList(),
				Map.<String, Collection<String>>of("state", states),
				() -> accessResolver.accessFor(ENDPOINT, Access.READ_ONLY) == Access.UNRESTRICTED,
				// Without the application's web configuration,
				// nobody but an authenticated caller
				writeAccess.getIfAvailable(() -> new WriteAccess((String) null, false)),
				boundedBody.getIfAvailable(() -> new BoundedBody(new BlueGreenProperties.Access().getMaxBodySize())));
		FilterRegistrationBean<EndpointRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("bluegreenEndpointRequestFilter");
		registration.setOrder(WriteAccess.FILTER_ORDER);
		return registration;
	}

}
