package io.bluegreen.web;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.actuate.endpoint.BlueGreenEndpoint;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Checks a {@code POST} to the {@code bluegreen} actuator endpoint before the endpoint
 * sees it. Without write access to the endpoint nothing is read; then the caller must be
 * one Spring Security authenticated or present the token ({@link WriteAccess}) before the
 * body is read, and a body larger than the limit is refused with 413 without being read
 * whole. It refuses, with an RFC 9457 problem, what the endpoint would
 * otherwise meet as Spring's generic error: a missing or unsupported content type,
 * malformed JSON, a body that is not an object, an unknown field, or a field that is not
 * a string, or a method other than {@code GET} and {@code POST}. Actuator endpoints read
 * their arguments from a map and would ignore an unknown field; this filter does not.
 * Every other request passes untouched.
 *
 * @author bluegreen
 */
public class EndpointRequestFilter extends OncePerRequestFilter {

	private static final String EXAMPLE = "{\"state\":\"PAUSED\"}";

	/**
	 * The methods this filter lets through untouched: reads, and the requests that
	 * servlet containers and CORS answer themselves.
	 */
	private static final List<String> PASSED = List.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final UrlPathHelper pathHelper = new UrlPathHelper();

	private final Supplier<@Nullable String> path;

	private final Map<String, Collection<String>> allowedValues;

	private final List<MediaType> consumed;

	private final BooleanSupplier writable;

	private final WriteAccess writeAccess;

	private final BoundedBody boundedBody;

	/**
	 * Create a new filter.
	 * @param path the path of the endpoint within the application, or {@code null} when
	 * it is not exposed
	 * @param consumed the content types the endpoint reads
	 * @param allowedValues the allowed values of a field, where they are known here
	 * @param writable whether the endpoint's access lets it change state
	 * @param writeAccess who may change state
	 * @param boundedBody the body limit
	 */
	public EndpointRequestFilter(Supplier<@Nullable String> path, List<MediaType> consumed,
			Map<String, Collection<String>> allowedValues, BooleanSupplier writable, WriteAccess writeAccess,
			BoundedBody boundedBody) {
		this.path = path;
		this.consumed = List.copyOf(consumed);
		this.allowedValues = Map.copyOf(allowedValues);
		this.writable = writable;
		this.writeAccess = writeAccess;
		this.boundedBody = boundedBody;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String endpoint = this.path.get();
		if (endpoint == null || PASSED.contains(request.getMethod())) {
			return true;
		}
		String requested = this.pathHelper.getPathWithinApplication(request);
		return !(requested.equals(endpoint) || requested.equals(endpoint + "/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!HttpMethod.POST.matches(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, "GET, POST");
			write(Problems.of(HttpStatus.METHOD_NOT_ALLOWED,
					"Method " + request.getMethod() + " is not supported here; use GET to read the lifecycle or POST "
							+ EXAMPLE + " to change it", List.of("GET", "POST")),
					request, response);
			return;
		}
		if (!this.writable.getAsBoolean()) {
			response.setHeader(HttpHeaders.ALLOW, "GET");
			write(Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "The bluegreen endpoint is read-only: set "
					+ "management.endpoint.bluegreen.access=unrestricted to change state through it", List.of("GET")),
					request, response);
			return;
		}
		Optional<WriteAccess.Refusal> refusal = this.writeAccess.checkEndpoint(request);
		if (refusal.isPresent()) {
			ProblemWriter.refuse(refusal.get(), request, response);
			return;
		}
		MediaType contentType = contentType(request);
		if (contentType == null || this.consumed.stream().noneMatch((type) -> type.includes(contentType))) {
			write(Problems.unsupportedContentType(contentType, EXAMPLE, this.consumed), request, response);
			return;
		}
		HttpServletRequest read = this.boundedBody.read(request);
		if (read == null) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			write(this.boundedBody.tooLarge(), request, response);
			return;
		}
		byte[] body = read.getInputStream().readAllBytes();
		ProblemDetail problem = (body.length > 0) ? check(body) : null;
		if (problem != null) {
			write(problem, request, response);
			return;
		}
		chain.doFilter(read, response);
	}

	private @Nullable ProblemDetail check(byte[] body) {
		JsonNode json;
		try {
			json = jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			return Problems.unreadable(ex, EXAMPLE);
		}
		if (json == null || json.isMissingNode()) {
			return null;
		}
		if (!json.isObject()) {
			return Problems.badRequest("The body must be a JSON object with 'state' or 'active', such as " + EXAMPLE
					+ " or {\"active\":\"green\"}", BlueGreenEndpoint.FIELDS);
		}
		for (Map.Entry<String, JsonNode> field : json.properties()) {
			String name = field.getKey();
			if (!BlueGreenEndpoint.FIELDS.contains(name)) {
				return Problems.badRequest("Unknown field '" + name + "'; allowed fields: "
						+ BlueGreenEndpoint.FIELDS + ", as in " + EXAMPLE, BlueGreenEndpoint.FIELDS);
			}
			JsonNode value = field.getValue();
			if (!value.isString() && !value.isNull()) {
				Collection<String> allowed = this.allowedValues.getOrDefault(name, List.of());
				String detail = "Field '" + name + "' must be a string" + (allowed.isEmpty() ? "" : ", one of " + allowed)
						+ "; it is " + value;
				return allowed.isEmpty() ? Problems.of(HttpStatus.BAD_REQUEST, detail)
						: Problems.badRequest(detail, allowed);
			}
		}
		return null;
	}

	private static @Nullable MediaType contentType(HttpServletRequest request) {
		String header = request.getContentType();
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return MediaType.parseMediaType(header);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	private static void write(ProblemDetail problem, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ProblemWriter.write(problem, request, response);
	}

}
