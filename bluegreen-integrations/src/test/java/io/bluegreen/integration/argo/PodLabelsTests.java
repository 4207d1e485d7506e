package io.bluegreen.integration.argo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Parsing the labels file the kubelet writes for a Downward API volume.
 */
class PodLabelsTests {

	@Test
	void parsesTheKubeletsFormat() {
		String file = """
				app="orders"
				role="active"
				rollouts-pod-template-hash="5c8d7f9b6"
				note="a \\"quoted\\" value\\\\"
				""";

		assertThat(PodLabels.parse(file)).containsExactly(entry("app", "orders"), entry("role", "active"),
				entry("rollouts-pod-template-hash", "5c8d7f9b6"), entry("note", "a \"quoted\" value\\"));
	}

	@Test
	void anEmptyFileHasNoLabels() {
		assertThat(PodLabels.parse("")).isEmpty();
	}

	@Test
	void aLineThatIsNotALabelIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> PodLabels.parse("role=active\n"))
			.withMessageContaining("role=active");
	}

}
