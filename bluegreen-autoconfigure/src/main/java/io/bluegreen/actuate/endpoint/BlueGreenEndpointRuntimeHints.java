package io.bluegreen.actuate.endpoint;

import io.bluegreen.actuate.endpoint.BlueGreenEndpoint.LifecycleDescriptor;
import io.bluegreen.actuate.endpoint.BlueGreenEndpoint.SwitchDescriptor;
import io.bluegreen.actuate.endpoint.BlueGreenEndpoint.TransitionDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for a native image: the bodies the endpoint's write operation and its
 * web extension answer with. Spring Boot registers the declared return types of endpoint
 * operations, but these are declared as {@code OperationResponseBody} and
 * {@code WebEndpointResponse<Object>}, so the JSON writer would find no properties on
 * them.
 *
 * @author bluegreen
 */
public class BlueGreenEndpointRuntimeHints implements RuntimeHintsRegistrar {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		this.bindings.registerReflectionHints(hints.reflection(), LifecycleDescriptor.class, TransitionDescriptor.class,
				SwitchDescriptor.class);
	}

}
