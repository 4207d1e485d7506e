package io.bluegreen.actuate.endpoint;

import java.util.Arrays;

import io.bluegreen.test.BindingHints;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BlueGreenEndpointRuntimeHints}.
 *
 * @author bluegreen
 */
class BlueGreenEndpointRuntimeHintsTests {

	@Test
	void everyBodyTheEndpointAnswersWithCanBeWrittenInANativeImage() {
		RuntimeHints hints = new RuntimeHints();
		new BlueGreenEndpointRuntimeHints().registerHints(hints, getClass().getClassLoader());
		// The bodies are the endpoint's nested records: a new one needs hints of its own
		Class<?>[] bodies = Arrays.stream(BlueGreenEndpoint.class.getDeclaredClasses())
			.filter(Class::isRecord)
			.toArray(Class<?>[]::new);
		assertThat(bodies).isNotEmpty();
		assertThat(BindingHints.missing(hints, bodies)).isEmpty();
	}

}
