package io.bluegreen.integration.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the table of docs/security.md, row by row, over real HTTP against a running fleet:
 * every write surface refuses a caller without credentials, with wrong credentials, with
 * forged forwarded headers, with an oversized body, with the wrong content type and with
 * the wrong method, with the status the table gives, and nothing changes.
 */
class WriteSurfacesIntegrationTests {

	private static final String TOKEN = "s3cret";

	private static final byte[] FOUR_MEGABYTES = new byte[4 * 1024 * 1024];

	private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static FleetInstances fleet;

	private static ConfigurableApplicationContext blue;

	private static ConfigurableApplicationContext green;

	private static long version;

	@BeforeAll
	static void startFleet() {
		Arrays.fill(FOUR_MEGABYTES, (byte) ' ');
		String topic = EmbeddedBroker.createTopic("surfaces", 2);
		// Tomcat discards the rest of a refused body up to max-swallow-size (2 MB by
		// default) and closes the connection beyond it: a client still sending the 4 MB
		// body could then see the connection reset before it read the 413
		fleet = new FleetInstances(topic, "bluegreen.flagger.enabled=true", "bluegreen.shawarma.enabled=true",
				"bluegreen.access.token=" + TOKEN, "server.tomcat.max-swallow-size=8MB");
		// blue has the defaults; green trusts loopback callers behind Tomcat's
		// forwarded-header handling, which a forged header must not get through
		blue = fleet.start(WebApplicationType.SERVLET, "blue-1", "blue");
		green = fleet.start(WebApplicationType.SERVLET, "green-1", "green", "bluegreen.access.trust-loopback=true",
				"server.forward-headers-strategy=native");
		fleet.awaitReady(2);
		version = version();
	}

	@AfterAll
	static void stopFleet() {
		fleet.close();
	}

	static Stream<Arguments> table() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("../docs/security.md"), StandardCharsets.UTF_8);
		int header = lines
			.indexOf(lines.stream().filter((line) -> line.startsWith("| Write surface |")).findFirst().orElseThrow());
		List<String> columns = cells(lines.get(header));
		List<Arguments> rows = new ArrayList<>();
		for (String line : lines.subList(header + 2, lines.size())) {
			if (!line.startsWith("|")) {
				break;
			}
			List<String> cells = cells(line);
			String surface = cells.get(0).replace("`", "").replace("POST ", "");
			for (int column = 1; column < cells.size(); column++) {
				rows.add(Arguments.of(surface, columns.get(column), Integer.parseInt(cells.get(column))));
			}
		}
		assertThat(rows).hasSize(5 * 6);
		return rows.stream();
	}

	@ParameterizedTest(name = "{0} with {1}: {2}")
	@MethodSource("table")
	void refusedAndNothingChanged(String path, String refusal, int status) throws Exception {
		for (HttpRequest request : requests(path, refusal)) {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).as(request + " " + response.body()).isEqualTo(status);
			assertThat(response.headers().firstValue("Content-Type")).as(request.toString())
				.hasValue("application/problem+json");
			if (status == 401) {
				assertThat(response.headers().firstValue("WWW-Authenticate")).as(request.toString())
					.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
			}
		}
		assertThat(fleet.state("blue-1")).isEqualTo(LifecycleState.ACTIVE);
		assertThat(fleet.state("green-1")).isEqualTo(LifecycleState.PAUSED);
		assertThat(fleet.service("blue-1").status().active()).isEqualTo("blue");
		assertThat(version()).isEqualTo(version);
		HttpResponse<String> read = client.send(HttpRequest.newBuilder(uri(blue, "/actuator/bluegreen")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(read.body()).contains("\"state\":\"ACTIVE\"");
	}

	private static List<HttpRequest> requests(String path, String refusal) {
		String json = "application/json";
		String bearer = "Bearer " + TOKEN;
		return switch (refusal) {
			case "No credentials" -> List.of(post(blue, path, json, body(path, null)));
			case "Wrong credentials" ->
				List.of(path.startsWith("/flagger") ? post(blue, path, json, body(path, "guess"))
						: post(blue, path, json, body(path, null), "Authorization", "Bearer guess"));
			case "Forged forwarded headers" ->
				List.of(post(green, path, json, body(path, null), "X-Forwarded-For", "127.0.0.1"),
						post(green, path, json, body(path, null), "Forwarded", "for=127.0.0.1"));
			case "Oversized body (4 MB)" ->
				List.of(post(blue, path, json, BodyPublishers.ofByteArray(FOUR_MEGABYTES), "Authorization", bearer),
						post(blue, path, json,
								BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(FOUR_MEGABYTES)),
								"Authorization", bearer));
			// The lifecycle API takes an empty body of any
			// type, so the type matters only with content
			case "Wrong content type" -> List.of(post(blue, path, "text/plain",
					path.startsWith("/lifecycle") ? BodyPublishers.ofString("{}") : body(path, null), "Authorization",
					bearer));
			case "Wrong method" -> List.of(HttpRequest.newBuilder(uri(blue, path))
				.method("PUT", body(path, null))
				.header("Content-Type", json)
				.header("Authorization", bearer)
				.build());
			default -> throw new IllegalArgumentException("No requests for the column '" + refusal + "'");
		};
	}

	/**
	 * A body that would change state if the caller were allowed: switch to green, pause
	 * blue, resume green.
	 */
	private static BodyPublisher body(String path, String flaggerToken) {
		String body = switch (path) {
			case "/actuator/bluegreen" -> "{\"active\":\"green\"}";
			case "/applicationstate" -> "{\"status\":\"active\"}";
			case "/flagger/confirm-promotion" -> "{\"name\":\"orders\",\"namespace\":\"test\",\"phase\":\"Promoting\","
					+ "\"metadata\":{\"color\":\"green\""
					+ ((flaggerToken != null) ? ",\"token\":\"" + flaggerToken + "\"" : "") + "}}";
			default -> "";
		};
		return BodyPublishers.ofString(body);
	}

	private static HttpRequest post(ConfigurableApplicationContext app, String path, String contentType,
			BodyPublisher body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(app, path))
			.POST(body)
			.header("Content-Type", contentType);
		return ((headers.length > 0) ? request.headers(headers) : request).build();
	}

	private static URI uri(ConfigurableApplicationContext app, String path) {
		return URI.create("http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port") + path);
	}

	private static List<String> cells(String line) {
		return Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toList();
	}

	private static long version() {
		return blue.getBean(ControlLog.class).view().desired().version();
	}

}
