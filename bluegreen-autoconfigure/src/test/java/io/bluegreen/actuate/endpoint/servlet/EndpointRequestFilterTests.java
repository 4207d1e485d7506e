package io.bluegreen.actuate.endpoint.servlet;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.web.BoundedBody;
import io.bluegreen.web.WriteAccess;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write to the {@code bluegreen} endpoint that the filter refuses, as pure logic on
 * servlet requests: each is an RFC 9457 problem with the status and the allowed values
 * the HTTP surface answers, and none reaches the endpoint.
 */
class EndpointRequestFilterTests {

	private static final String PATH = "/actuator/bluegreen";

	private static final String TOKEN = "s3cret";

	private static final String JSON = "application/json";

	private static final List<String> STATES = List.of("ACTIVE", "PAUSED");

	private static final List<String> FIELDS = List.of("state", "active");

	private static final List<MediaType> CONSUMED = List.of(
			MediaType.parseMediaType("application/vnd.spring-boot.actuator.v3+json"),
			MediaType.parseMediaType("application/vnd.spring-boot.actuator.v2+json"), MediaType.APPLICATION_JSON);

	private static final List<String> ACTUATOR_TYPES = CONSUMED.stream().map(MediaType::toString).toList();

	static Stream<Refused> refusals() {
		return Stream.of(new Refused("POST", JSON, "{\"state\":", 400, null),
				new Refused("POST", JSON, "not json", 400, null),
				new Refused("POST", JSON, "[\"PAUSED\"]", 400, FIELDS),
				new Refused("POST", JSON, "{\"state\":\"PAUSED\",\"colour\":\"green\"}", 400, FIELDS),
				new Refused("POST", JSON, "{\"status\":\"PAUSED\"}", 400, FIELDS),
				new Refused("POST", JSON, "{\"state\":1}", 400, STATES),
				new Refused("POST", JSON, "{\"state\":\"STOPPED\"}", 400, STATES),
				new Refused("POST", JSON, "{\"state\":\"DRAINING\"}", 400, STATES),
				new Refused("POST", JSON, "{\"state\":\"\"}", 400, STATES),
				new Refused("POST", JSON, "{\"state\":\"1\"}", 400, STATES),
				new Refused("POST", JSON, "{\"state\":[\"PAUSED\"]}", 400, STATES),
				new Refused("POST", JSON, "{\"active\":{}}", 400, null),
				new Refused("POST", null, "{\"state\":\"PAUSED\"}", 415, ACTUATOR_TYPES),
				new Refused("POST", "text/plain", "{\"state\":\"PAUSED\"}", 415, ACTUATOR_TYPES),
				new Refused("POST", "not a type", "{\"state\":\"PAUSED\"}", 415, ACTUATOR_TYPES),
				new Refused("PUT", JSON, "{\"state\":\"PAUSED\"}", 405, List.of("GET", "POST")),
				new Refused("DELETE", null, "", 405, List.of("GET", "POST")),
				new Refused("PATCH", JSON, "{\"state\":\"PAUSED\"}", 405, List.of("GET", "POST")));
	}

	@ParameterizedTest
	@MethodSource("refusals")
	void isAProblemThatSaysWhatWasWrongAndDoesNotReachTheEndpoint(Refused refused) throws Exception {
		MockHttpServletRequest request = request(refused.method(), refused.contentType(), refused.body());
		request.addHeader("Authorization", "Bearer " + TOKEN);
		MockHttpServletResponse response = refuse(request, true);

		JsonNode problem = assertProblem(response, refused.status());
		if (refused.allowed() != null) {
			assertThat(problem.path("allowed").valueStream().map(JsonNode::asString).toList())
				.containsExactlyElementsOf(refused.allowed());
		}
		else {
			assertThat(problem.has("allowed")).as(response.getContentAsString()).isFalse();
		}
		if (refused.status() == 405) {
			assertThat(response.getHeader("Allow")).isEqualTo("GET, POST");
		}
	}

	@Test
	void aWriteToTheReadOnlyEndpointIsRefusedBeforeAnythingElse() throws Exception {
		MockHttpServletRequest request = request("POST", "text/plain", "{\"state\":");
		MockHttpServletResponse response = refuse(request, false);

		JsonNode problem = assertProblem(response, 405);
		assertThat(problem.path("detail").asString()).contains("management.endpoint.bluegreen.access=unrestricted");
		assertThat(response.getHeader("Allow")).isEqualTo("GET");
	}

	@Test
	void aCallerWithoutTheTokenIsRefusedBeforeTheBodyIsRead() throws Exception {
		MockHttpServletRequest request = request("POST", "text/plain", "{\"state\":");
		MockHttpServletResponse response = refuse(request, true);

		assertProblem(response, 401);
		assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
		assertThat(request.getInputStream().read()).as("first byte of the body, unread").isEqualTo('{');
	}

	@Test
	void aCallerWithTheWrongTokenIsRefused() throws Exception {
		MockHttpServletRequest request = request("POST", JSON, "{\"state\":\"PAUSED\"}");
		request.addHeader("Authorization", "Bearer guess");
		MockHttpServletResponse response = refuse(request, true);

		assertProblem(response, 403);
	}

	@Test
	void aBodyOverTheLimitIsRefused() throws Exception {
		MockHttpServletRequest request = request("POST", JSON, "{\"state\":\"PAUSED\"" + " ".repeat(2048) + "}");
		request.addHeader("Authorization", "Bearer " + TOKEN);
		MockHttpServletResponse response = refuse(request, true);

		assertProblem(response, 413);
		assertThat(response.getHeader("Connection")).isEqualTo("close");
	}

	@Test
	void aGoodWriteReachesTheEndpointWithItsBody() throws Exception {
		for (String body : List.of("{\"state\":\"paused\"}", "{\"active\":\"green\"}", "{\"state\":null}", "")) {
			MockHttpServletRequest request = request("POST", "application/json;charset=UTF-8", body);
			request.addHeader("Authorization", "Bearer " + TOKEN);
			MockFilterChain chain = new MockFilterChain();
			MockHttpServletResponse response = new MockHttpServletResponse();

			filter(true).doFilter(request, response, chain);

			assertThat(chain.getRequest()).as(body).isNotNull();
			assertThat(new String(chain.getRequest().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.isEqualTo(body);
			assertThat(response.getStatus()).isEqualTo(200);
		}
	}

	@Test
	void aStateThatIsNotAllowedIsNamedWithTheAllowedValues() throws Exception {
		MockHttpServletRequest request = request("POST", JSON, "{\"state\":\"Stopped\"}");
		request.addHeader("Authorization", "Bearer " + TOKEN);

		JsonNode problem = assertProblem(refuse(request, true), 400);

		assertThat(problem.path("detail").asString())
			.isEqualTo("Invalid state 'Stopped'; allowed values: ACTIVE, PAUSED");
	}

	@ParameterizedTest
	@ValueSource(strings = { "PAUSED", "paused", " Paused ", "active" })
	void aStateItLetsThroughIsOneTheEndpointsTypedParameterReads(String state) throws Exception {
		MockHttpServletRequest request = request("POST", JSON, "{\"state\":\"" + state + "\"}");
		request.addHeader("Authorization", "Bearer " + TOKEN);
		MockFilterChain chain = new MockFilterChain();

		filter(true).doFilter(request, new MockHttpServletResponse(), chain);

		assertThat(chain.getRequest()).isNotNull();
		// The conversion the endpoint's parameter mapping uses by default
		assertThat(ApplicationConversionService.getSharedInstance().convert(state, LifecycleState.class))
			.isIn(LifecycleState.ACTIVE, LifecycleState.PAUSED);
	}

	@Test
	void readsAndOtherPathsPassUntouched() throws Exception {
		MockHttpServletRequest read = new MockHttpServletRequest("GET", PATH);
		MockHttpServletRequest other = request("POST", "text/plain", "{");
		other.setRequestURI("/orders");
		for (MockHttpServletRequest request : List.of(read, other)) {
			MockFilterChain chain = new MockFilterChain();

			filter(true).doFilter(request, new MockHttpServletResponse(), chain);

			assertThat(chain.getRequest()).isSameAs(request);
		}
	}

	private static MockHttpServletResponse refuse(MockHttpServletRequest request, boolean writable) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter(writable).doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("passed on to the endpoint").isNull();
		return response;
	}

	private static JsonNode assertProblem(MockHttpServletResponse response, int status) throws Exception {
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		JsonNode problem = JsonMapper.builder().build().readTree(response.getContentAsString());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("detail").asString()).isNotBlank();
		assertThat(problem.path("instance").asString()).isEqualTo(PATH);
		return problem;
	}

	private static EndpointRequestFilter filter(boolean writable) {
		Map<String, Collection<String>> allowed = Map.of("state", STATES);
		return new EndpointRequestFilter(() -> PATH, CONSUMED, allowed, () -> writable, new WriteAccess(TOKEN, false),
				new BoundedBody(DataSize.ofKilobytes(1)));
	}

	private static MockHttpServletRequest request(String method, @Nullable String contentType, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, PATH);
		if (contentType != null) {
			request.setContentType(contentType);
		}
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	record Refused(String method, @Nullable String contentType, String body, int status,
			@Nullable List<String> allowed) {

		@Override
		public String toString() {
			return this.method + " (" + this.contentType + ") " + this.body + " -> " + this.status;
		}

	}

}
