package io.bluegreen.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.fleet.FleetService;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the alert rules and the Grafana dashboard of docs/monitoring, and the Argo
 * Rollouts analysis of docs/kubernetes, query is exported by the sample application, with
 * the labels they group by: a blue and a green instance are scraped after a real switch.
 */
class MonitoringMetricsIntegrationTests {

	private static final Path MONITORING = Path.of("..", "docs", "monitoring");

	private static final Pattern METRIC = Pattern.compile("\\b(?:bluegreen|kafka)_[a-z_]+\\b");

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final String TOKEN = "s3cret";

	private static DemoBroker broker;

	private static ConfigurableApplicationContext blue;

	private static ConfigurableApplicationContext green;

	@BeforeAll
	static void switchFromBlueToGreen() throws Exception {
		broker = DemoBroker.start();
		blue = start("blue", "ACTIVE");
		green = start("green", "PAUSED");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> blue.getBean(FleetService.class).status().instances().size() == 2);
		HttpResponse<String> switched = http.send(HttpRequest.newBuilder(uri(blue, "/actuator/bluegreen"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + TOKEN)
			.POST(HttpRequest.BodyPublishers.ofString("{\"active\":\"green\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
		// consumer metrics of the new color's fetches
		await().atMost(Duration.ofSeconds(60))
			.until(() -> scrape(green).contains("kafka_consumer_fetch_manager_records_consumed_total{"));
	}

	@AfterAll
	static void stop() {
		green.close();
		blue.close();
		broker.stop();
	}

	@Test
	void everyMetricOfTheAlertRulesIsExported() throws Exception {
		List<String> expressions = new ArrayList<>();
		Map<String, Object> rules = new Yaml().load(Files.readString(MONITORING.resolve("bluegreen-alerts.yml")));
		for (Object group : (List<?>) rules.get("groups")) {
			for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
				expressions.add((String) ((Map<?, ?>) rule).get("expr"));
			}
		}

		assertExported(expressions);
	}

	@Test
	void everyMetricOfTheDashboardIsExported() throws Exception {
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
		List<String> expressions = new ArrayList<>();
		dashboard.get("panels")
			.forEach((panel) -> panel.get("targets")
				.forEach((target) -> expressions.add(target.get("expr").asString())));
		expressions.add(dashboard.at("/templating/list/1/definition").asString());

		assertThat(expressions).hasSizeGreaterThan(8);
		assertExported(expressions);
	}

	@Test
	void everyMetricOfTheArgoRolloutsAnalysisIsExported() throws Exception {
		List<String> expressions = new ArrayList<>();
		for (Object document : new Yaml()
			.loadAll(Files.readString(Path.of("..", "docs", "kubernetes", "argo-rollout.yaml")))) {
			Map<?, ?> resource = (Map<?, ?>) document;
			if ("AnalysisTemplate".equals(resource.get("kind"))) {
				for (Object metric : (List<?>) ((Map<?, ?>) resource.get("spec")).get("metrics")) {
					Map<?, ?> prometheus = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) metric).get("provider"))
						.get("prometheus");
					expressions.add((String) prometheus.get("query"));
				}
			}
		}

		assertThat(expressions).hasSize(2);
		assertExported(expressions);
	}

	@Test
	void everyMetricNamesItsDeploymentAndColor() throws Exception {
		String scrape = scrape(green);

		assertThat(scrape)
			.contains("bluegreen_lifecycle_state{color=\"green\",deployment=\"order-consumer\",state=\"ACTIVE\"} 1")
			.containsPattern(
					"kafka_consumer_fetch_manager_records_lag_max\\{[^}]*color=\"green\"[^}]*deployment=\"order-consumer\"")
			.contains("bluegreen_fleet_active{color=\"green\",deployment=\"order-consumer\"} 1")
			.contains("bluegreen_fleet_active{color=\"blue\",deployment=\"order-consumer\"} 0");
	}

	private static void assertExported(List<String> expressions) {
		Set<String> queried = new TreeSet<>();
		for (String expression : expressions) {
			Matcher matcher = METRIC.matcher(expression);
			while (matcher.find()) {
				queried.add(matcher.group());
			}
		}
		Set<String> exported = new TreeSet<>();
		for (String line : (scrape(blue) + "\n" + scrape(green)).split("\n")) {
			if (!line.startsWith("#") && !line.isBlank()) {
				exported.add(line.split("[{ ]", 2)[0]);
			}
		}
		assertThat(queried).isNotEmpty();
		assertThat(exported).containsAll(queried);
	}

	private static ConfigurableApplicationContext start(String color, String initialState) {
		return new SpringApplicationBuilder(OrderConsumerApplication.class).run(
				"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "--bluegreen.color=" + color,
				"--bluegreen.initial-state=" + initialState, "--bluegreen.fleet.instance-id=" + color + "-1",
				"--server.port=0", "--sample.producer.enabled=" + color.equals("blue"),
				"--sample.producer.orders-per-second=50", "--spring.main.banner-mode=off",
				"--bluegreen.fleet.control-topic-replication-factor=1",
				"--bluegreen.fleet.control-topic-min-insync-replicas=1", "--bluegreen.access.token=" + TOKEN);
	}

	private static String scrape(ConfigurableApplicationContext app) {
		try {
			return http
				.send(HttpRequest.newBuilder(uri(app, "/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static URI uri(ConfigurableApplicationContext app, String path) {
		return URI.create("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort() + path);
	}

}
