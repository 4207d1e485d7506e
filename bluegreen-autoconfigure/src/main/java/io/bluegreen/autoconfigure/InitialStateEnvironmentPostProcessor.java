package io.bluegreen.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets the {@code INITIAL_STATE} environment variable, with which deployments that pause
 * and resume each instance from a sidecar over {@code /lifecycle} choose an instance's
 * first state, set {@code bluegreen.initial-state}. It has the lowest precedence, so any
 * configured {@code bluegreen.initial-state} wins.
 *
 * @author bluegreen
 */
public class InitialStateEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String VARIABLE = "INITIAL_STATE";

	static final String PROPERTY_SOURCE_NAME = "bluegreenInitialState";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String value = environment.getProperty(VARIABLE);
		if (value != null && !value.isBlank()) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of("bluegreen.initial-state", value.trim())));
		}
	}

}
