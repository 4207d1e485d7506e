package io.bluegreen.cli.connect;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Strimzi manifests of docs/kubernetes/strimzi: the operator owns the connectors,
 * blue runs and green is created stopped, both read the same topics with the offset
 * ConfigMaps the documented kubectl sequence uses.
 */
class StrimziManifestsTests {

	private static final Path STRIMZI = Path.of("..", "docs", "kubernetes", "strimzi");

	@ParameterizedTest
	@ValueSource(strings = { "connect-one-cluster.yaml", "connect-two-clusters.yaml" })
	@SuppressWarnings("unchecked")
	void blueRunsGreenIsStoppedAndTheOperatorOwnsBoth(String file) throws IOException {
		List<Map<String, Object>> resources = load(STRIMZI.resolve(file));
		List<Map<String, Object>> clusters = ofKind(resources, "KafkaConnect");
		List<Map<String, Object>> connectors = ofKind(resources, "KafkaConnector");

		assertThat(clusters).isNotEmpty()
			.allSatisfy((cluster) -> assertThat(
					(Map<String, Object>) ((Map<String, Object>) cluster.get("metadata")).get("annotations"))
				.containsEntry("strimzi.io/use-connector-resources", "true"));
		assertThat(connectors).hasSize(2);
		Map<String, Object> blue = spec(connectors.get(0));
		Map<String, Object> green = spec(connectors.get(1));
		assertThat(name(connectors.get(0))).isEqualTo("orders-sink-blue");
		assertThat(name(connectors.get(1))).isEqualTo("orders-sink-green");
		assertThat(blue).containsEntry("state", "running");
		assertThat(green).containsEntry("state", "stopped");
		assertThat(((Map<String, Object>) green.get("config")).get("topics"))
			.isEqualTo(((Map<String, Object>) blue.get("config")).get("topics"));
		for (Map<String, Object> connector : connectors) {
			String name = name(connector);
			assertThat(spec(connector)).extractingByKey("listOffsets")
				.isEqualTo(Map.of("toConfigMap", Map.of("name", name + "-offsets")));
			assertThat(spec(connector)).extractingByKey("alterOffsets")
				.isEqualTo(Map.of("fromConfigMap", Map.of("name", name + "-offsets-to-write")));
			String clusterName = (String) ((Map<String, Object>) ((Map<String, Object>) connector.get("metadata"))
				.get("labels")).get("strimzi.io/cluster");
			assertThat(clusters).extracting(StrimziManifestsTests::name).contains(clusterName);
		}
		if (clusters.size() == 2) {
			assertThat(((Map<String, Object>) connectors.get(0).get("metadata")).get("labels"))
				.isNotEqualTo(((Map<String, Object>) connectors.get(1).get("metadata")).get("labels"));
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> spec(Map<String, Object> resource) {
		return (Map<String, Object>) resource.get("spec");
	}

	@SuppressWarnings("unchecked")
	private static String name(Map<String, Object> resource) {
		return (String) ((Map<String, Object>) resource.get("metadata")).get("name");
	}

	private static List<Map<String, Object>> ofKind(List<Map<String, Object>> resources, String kind) {
		return resources.stream().filter((resource) -> kind.equals(resource.get("kind"))).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> load(Path file) throws IOException {
		List<Map<String, Object>> resources = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file)) {
			new Yaml().loadAll(reader).forEach((document) -> resources.add((Map<String, Object>) document));
		}
		return resources;
	}

}
