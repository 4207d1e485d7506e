package io.bluegreen.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kubernetes manifests of docs/kubernetes: valid against the API schemas of
 * Kubernetes and Argo Rollouts, and every setting the application reads is one it has.
 * <p>
 * {@code kubectl --dry-run=client} needs an API server, so the schemas come from the npm
 * packages {@code kubernetes-models} and {@code @kubernetes-models/argo-rollouts}, run by
 * {@code src/test/kubernetes-schema/validate.mjs}. CI installs them ({@code .ci/run});
 * elsewhere that test is skipped until {@code npm ci} ran in that directory.
 */
class KubernetesManifestsIntegrationTests {

	private static final Path KUBERNETES = Path.of("..", "docs", "kubernetes");

	private static final Path SCHEMA_VALIDATOR = Path.of("src", "test", "kubernetes-schema");

	@Test
	void everyResourceIsValidAgainstTheKubernetesAndArgoRolloutsSchemas() throws Exception {
		boolean installed = Files.isDirectory(SCHEMA_VALIDATOR.resolve("node_modules"));
		if (System.getenv("CI") != null) {
			assertThat(installed).as("the schema validator installed by .ci/run").isTrue();
		}
		assumeTrue(installed, "run 'npm ci' in " + SCHEMA_VALIDATOR + " to validate against the API schemas");
		List<String> command = new ArrayList<>(List.of("node", "validate.mjs"));
		try (var files = Files.list(KUBERNETES)) {
			files.filter((f) -> f.toString().endsWith(".yaml"))
				.sorted()
				.forEach((file) -> command.add(file.toAbsolutePath().toString()));
		}
		Process process = new ProcessBuilder(command).directory(SCHEMA_VALIDATOR.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output.lines().filter((line) -> line.startsWith("VALID "))).hasSize(13);
	}

	@Test
	void everyResourceNamesItsApiVersionKindAndName() throws IOException {
		List<Map<String, Object>> resources = new ArrayList<>();
		try (var files = Files.list(KUBERNETES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).toList()) {
				resources.addAll(load(file));
			}
		}

		assertThat(resources).hasSizeGreaterThanOrEqualTo(10).allSatisfy((resource) -> {
			assertThat(resource).containsKeys("apiVersion", "kind", "metadata", "spec");
			Map<?, ?> metadata = (Map<?, ?>) resource.get("metadata");
			assertThat(metadata.get("name") != null || metadata.get("generateName") != null).as("named").isTrue();
		});
	}

	@Test
	void blueAndGreenStatefulSetsUseStaticMembershipAndStartAsTheirColor() throws IOException {
		List<Map<String, Object>> statefulSets = ofKind(load(KUBERNETES.resolve("statefulsets.yaml")), "StatefulSet");

		assertThat(statefulSets).hasSize(2);
		for (Map<String, Object> statefulSet : statefulSets) {
			Map<?, ?> podLabels = (Map<?, ?>) get(statefulSet, "spec", "template", "metadata", "labels");
			assertThat(get(statefulSet, "spec", "selector", "matchLabels")).isEqualTo(podLabels);
			Map<String, Object> env = env(container(statefulSet));
			assertThat(env.get("POD_NAME")).isEqualTo(Map.of("fieldRef", Map.of("fieldPath", "metadata.name")));
			assertThat(env.get("SPRING_KAFKA_CONSUMER_PROPERTIES_GROUP_INSTANCE_ID")).isEqualTo("$(POD_NAME)");
			assertThat(env.get("BLUEGREEN_FLEET_INSTANCEID")).isEqualTo("$(POD_NAME)");
			assertThat(env.get("BLUEGREEN_COLOR")).isEqualTo(podLabels.get("color"));
			assertThat(env.get("BLUEGREEN_INITIALSTATE"))
				.isEqualTo(podLabels.get("color").equals("blue") ? "ACTIVE" : "PAUSED");
		}
	}

	@Test
	void probesUseTheHealthGroupsOnTheManagementPort() throws IOException {
		for (Map<String, Object> workload : workloads()) {
			Map<?, ?> container = container(workload);
			assertThat(get(container, "readinessProbe", "httpGet"))
				.isEqualTo(Map.of("path", "/actuator/health/readiness", "port", "management"));
			assertThat(get(container, "livenessProbe", "httpGet"))
				.isEqualTo(Map.of("path", "/actuator/health/liveness", "port", "management"));
			assertThat(env(container).get("MANAGEMENT_SERVER_PORT")).isEqualTo("8081");
		}
	}

	@Test
	void everyDisruptionBudgetSelectsTheStatefulSetOfItsColor() throws IOException {
		List<Map<String, Object>> resources = load(KUBERNETES.resolve("statefulsets.yaml"));
		List<Object> podLabels = ofKind(resources, "StatefulSet").stream()
			.map((statefulSet) -> get(statefulSet, "spec", "template", "metadata", "labels"))
			.toList();

		List<Map<String, Object>> budgets = ofKind(resources, "PodDisruptionBudget");
		assertThat(budgets).hasSize(2);
		assertThat(budgets.stream().map((budget) -> get(budget, "spec", "selector", "matchLabels")))
			.containsExactlyInAnyOrderElementsOf(podLabels);
	}

	@Test
	void theRolloutLabelsPodsAsBluegreenFollowsThem() throws IOException {
		Map<String, Object> rollout = ofKind(load(KUBERNETES.resolve("argo-rollout.yaml")), "Rollout").get(0);

		assertThat(get(rollout, "spec", "strategy", "blueGreen", "activeMetadata", "labels"))
			.isEqualTo(Map.of("role", "active"));
		assertThat(get(rollout, "spec", "strategy", "blueGreen", "previewMetadata", "labels"))
			.isEqualTo(Map.of("role", "preview"));
		Map<String, Object> env = env(container(rollout));
		assertThat(env).containsEntry("BLUEGREEN_ARGO_ENABLED", "true")
			.containsEntry("BLUEGREEN_ARGO_LABELSFILE", "/etc/podinfo/labels");
		Map<?, ?> volume = (Map<?, ?>) ((List<?>) get(rollout, "spec", "template", "spec", "volumes")).get(0);
		assertThat(volume.get("downwardAPI")).isEqualTo(
				Map.of("items", List.of(Map.of("path", "labels", "fieldRef", Map.of("fieldPath", "metadata.labels")))));
		assertThat(((List<?>) get(container(rollout), "volumeMounts")).get(0))
			.isEqualTo(Map.of("name", "podinfo", "mountPath", "/etc/podinfo"));
	}

	@Test
	void everyBluegreenVariableBindsToAPropertyOfTheStarter() throws IOException {
		Set<String> properties = bluegreenProperties();
		List<String> variables = new ArrayList<>();
		for (Map<String, Object> workload : workloads()) {
			env(container(workload)).keySet()
				.stream()
				.filter((name) -> name.startsWith("BLUEGREEN_"))
				.forEach(variables::add);
		}

		assertThat(variables).hasSizeGreaterThan(8);
		assertThat(variables)
			.allSatisfy((variable) -> assertThat(properties).as("a bluegreen property that " + variable + " binds to")
				.contains(variable.toLowerCase(Locale.ROOT).replace('_', '.')));
	}

	/**
	 * The properties of the starter and of the integrations from their configuration
	 * metadata, in the form an environment variable binds to (dots, no dashes).
	 */
	private static Set<String> bluegreenProperties() throws IOException {
		Set<String> names = new HashSet<>();
		Enumeration<URL> metadata = KubernetesManifestsIntegrationTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (metadata.hasMoreElements()) {
			try (InputStream in = metadata.nextElement().openStream()) {
				JsonNode json = JsonMapper.builder().build().readTree(in);
				json.get("properties")
					.forEach((property) -> names.add(property.get("name").asString().replace("-", "")));
			}
		}
		assertThat(names).contains("bluegreen.fleet.instanceid");
		return names;
	}

	private static List<Map<String, Object>> workloads() throws IOException {
		List<Map<String, Object>> workloads = new ArrayList<>(
				ofKind(load(KUBERNETES.resolve("statefulsets.yaml")), "StatefulSet"));
		workloads.addAll(ofKind(load(KUBERNETES.resolve("argo-rollout.yaml")), "Rollout"));
		return workloads;
	}

	private static Map<?, ?> container(Map<?, ?> workload) {
		return (Map<?, ?>) ((List<?>) get(workload, "spec", "template", "spec", "containers")).get(0);
	}

	private static Map<String, Object> env(Map<?, ?> container) {
		Map<String, Object> env = new LinkedHashMap<>();
		for (Object variable : (List<?>) container.get("env")) {
			Map<?, ?> entry = (Map<?, ?>) variable;
			env.put((String) entry.get("name"),
					(entry.get("value") != null) ? entry.get("value") : entry.get("valueFrom"));
		}
		return env;
	}

	private static Object get(Map<?, ?> map, String... path) {
		Object value = map;
		for (String key : path) {
			assertThat(value).as(String.join(".", path)).isInstanceOf(Map.class);
			value = ((Map<?, ?>) value).get(key);
		}
		assertThat(value).as(String.join(".", path)).isNotNull();
		return value;
	}

	private static List<Map<String, Object>> ofKind(List<Map<String, Object>> resources, String kind) {
		return resources.stream().filter((resource) -> kind.equals(resource.get("kind"))).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> load(Path file) throws IOException {
		List<Map<String, Object>> resources = new ArrayList<>();
		for (Object document : new Yaml().loadAll(Files.readString(file))) {
			resources.add((Map<String, Object>) document);
		}
		return resources;
	}

}
