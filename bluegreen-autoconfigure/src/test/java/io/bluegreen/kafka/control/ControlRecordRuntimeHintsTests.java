package io.bluegreen.kafka.control;

import java.util.Arrays;

import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.test.BindingHints;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ControlRecordRuntimeHints}.
 *
 * @author bluegreen
 */
class ControlRecordRuntimeHintsTests {

	@Test
	void everyValueOfEveryKindOfControlRecordCanBeBoundInANativeImage() {
		RuntimeHints hints = new RuntimeHints();
		new ControlRecordRuntimeHints().registerHints(hints, getClass().getClassLoader());
		// The values are what a kind of record holds beyond its key: a new kind whose
		// value is a record of its own needs hints for it
		Class<?>[] values = Arrays.stream(ControlRecord.class.getPermittedSubclasses())
			.flatMap((kind) -> Arrays.stream(kind.getRecordComponents()))
			.map((component) -> component.getType())
			.filter(Class::isRecord)
			.toArray(Class<?>[]::new);
		assertThat(values).isNotEmpty();
		assertThat(BindingHints.missing(hints, values)).isEmpty();
	}

	@Test
	void withoutTheHintsTheValuesCouldNotBeBound() {
		assertThat(BindingHints.missing(new RuntimeHints(), ControlRecord.Proposal.class)).isNotEmpty();
	}

}
