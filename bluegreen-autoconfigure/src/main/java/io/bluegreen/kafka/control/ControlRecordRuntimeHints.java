package io.bluegreen.kafka.control;

import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.InstanceReport;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for a native image: {@link ControlRecordCodec} binds the control
 * records' JSON values to these types with Jackson, which reads and writes them through
 * their record components.
 *
 * @author bluegreen
 */
public class ControlRecordRuntimeHints implements RuntimeHintsRegistrar {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		this.bindings.registerReflectionHints(hints.reflection(), DesiredState.class, InstanceReport.class);
	}

}
