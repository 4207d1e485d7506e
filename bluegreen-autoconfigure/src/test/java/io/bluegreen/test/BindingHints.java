package io.bluegreen.test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

/**
 * What a JSON writer or reader in a native image needs of a record type and of every
 * record it holds, however deeply: its canonical constructor and its accessors.
 *
 * @author bluegreen
 */
public final class BindingHints {

	private BindingHints() {
	}

	/**
	 * Return the members of the given records, and of the records they hold, that the
	 * hints leave out.
	 * @param hints the registered hints
	 * @param roots the records bound to JSON
	 * @return what is missing, one line per member; empty if nothing is
	 */
	public static List<String> missing(RuntimeHints hints, Class<?>... roots) {
		List<String> missing = new ArrayList<>();
		for (Class<?> type : reachableRecords(roots)) {
			RecordComponent[] components = type.getRecordComponents();
			Class<?>[] parameterTypes = new Class<?>[components.length];
			for (int i = 0; i < components.length; i++) {
				parameterTypes[i] = components[i].getType();
				if (!RuntimeHintsPredicates.reflection().onMethodInvocation(components[i].getAccessor()).test(hints)) {
					missing.add(type.getName() + "." + components[i].getName() + "()");
				}
			}
			try {
				if (!RuntimeHintsPredicates.reflection()
					.onConstructorInvocation(type.getDeclaredConstructor(parameterTypes))
					.test(hints)) {
					missing.add(type.getName() + ": its canonical constructor");
				}
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return missing;
	}

	private static Set<Class<?>> reachableRecords(Class<?>... roots) {
		Set<Class<?>> records = new LinkedHashSet<>();
		for (Class<?> root : roots) {
			collect(root, records);
		}
		return records;
	}

	private static void collect(Type type, Set<Class<?>> records) {
		if (type instanceof ParameterizedType parameterized) {
			for (Type argument : parameterized.getActualTypeArguments()) {
				collect(argument, records);
			}
			collect(parameterized.getRawType(), records);
		}
		else if (type instanceof Class<?> clazz && clazz.isRecord() && records.add(clazz)) {
			for (RecordComponent component : clazz.getRecordComponents()) {
				collect(component.getGenericType(), records);
			}
		}
	}

}
