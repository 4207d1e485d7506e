package io.bluegreen.actuate.endpoint.servlet;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.actuate.endpoint.BlueGreenEndpoint;
import io.bluegreen.web.Problems;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * What a write to the {@code bluegreen} endpoint must look like before the endpoint reads
 * it, as problems for what the endpoint would otherwise meet as Spring's generic error or
 * not see at all: a method other than {@code GET} and {@code POST}, a write to a
 * read-only endpoint, a missing or unsupported content type, malformed JSON, a body that
 * is not an object, an unknown field (the endpoint reads its arguments from a map and
 * would ignore it), a field that is not a string, or a value that is not one of the
 * field's allowed values (the endpoint's typed parameter would refuse it without saying
 * which are allowed).
 *
 * @author bluegreen
 */
final class EndpointRequests {

	static final String EXAMPLE = "{\"state\":\"PAUSED\"}";

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final List<MediaType> consumed;

	private final Map<String, Collection<String>> allowedValues;

	/**
	 * Create the checks.
	 * @param consumed the content types the endpoint reads
	 * @param allowedValues the allowed values of a field, where they are known here
	 */
	EndpointRequests(List<MediaType> consumed, Map<String, Collection<String>> allowedValues) {
		this.consumed = List.copyOf(consumed);
		this.allowedValues = Map.copyOf(allowedValues);
	}

	/**
	 * Refuse a method the endpoint does not answer.
	 * @param method the method of the request
	 * @return a 405 problem, or empty for a {@code POST}
	 */
	Optional<ProblemDetail> method(String method) {
		if (HttpMethod.POST.matches(method)) {
			return Optional.empty();
		}
		return Optional.of(Problems.of(
				HttpStatus.METHOD_NOT_ALLOWED, "Method " + method
						+ " is not supported here; use GET to read the lifecycle or POST " + EXAMPLE + " to change it",
				List.of("GET", "POST")));
	}

	/**
	 * Refuse a write to the endpoint while its access is read-only.
	 * @return a 405 problem
	 */
	ProblemDetail readOnly() {
		return Problems.of(HttpStatus.METHOD_NOT_ALLOWED,
				"The bluegreen endpoint is read-only: set "
						+ "management.endpoint.bluegreen.access=unrestricted to change state through it",
				List.of("GET"));
	}

	/**
	 * Refuse a content type the endpoint does not read.
	 * @param header the {@code Content-Type} of the request, or {@code null}
	 * @return a 415 problem, or empty when the endpoint reads the type
	 */
	Optional<ProblemDetail> contentType(@Nullable String header) {
		MediaType contentType = parse(header);
		if (contentType != null && this.consumed.stream().anyMatch((type) -> type.includes(contentType))) {
			return Optional.empty();
		}
		return Optional.of(Problems.unsupportedContentType(contentType, EXAMPLE, this.consumed));
	}

	/**
	 * Refuse a body the endpoint would misread.
	 * @param body the body of the request, possibly empty
	 * @return a 400 problem, or empty when the endpoint may read the body
	 */
	Optional<ProblemDetail> body(byte[] body) {
		if (body.length == 0) {
			return Optional.empty();
		}
		JsonNode json;
		try {
			json = jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			return Optional.of(Problems.unreadable(ex, EXAMPLE));
		}
		if (json == null || json.isMissingNode()) {
			return Optional.empty();
		}
		if (!json.isObject()) {
			return Optional.of(Problems.badRequest("The body must be a JSON object with 'state' or 'active', such as "
					+ EXAMPLE + " or {\"active\":\"green\"}", BlueGreenEndpoint.FIELDS));
		}
		for (Map.Entry<String, JsonNode> field : json.properties()) {
			Optional<ProblemDetail> problem = field(field.getKey(), field.getValue());
			if (problem.isPresent()) {
				return problem;
			}
		}
		return Optional.empty();
	}

	private Optional<ProblemDetail> field(String name, JsonNode value) {
		if (!BlueGreenEndpoint.FIELDS.contains(name)) {
			return Optional.of(Problems.badRequest(
					"Unknown field '" + name + "'; allowed fields: " + BlueGreenEndpoint.FIELDS + ", as in " + EXAMPLE,
					BlueGreenEndpoint.FIELDS));
		}
		Collection<String> allowed = this.allowedValues.getOrDefault(name, List.of());
		if (value.isNull() || (value.isString() && allows(allowed, value.asString()))) {
			return Optional.empty();
		}
		if (value.isString()) {
			return Optional.of(Problems.badRequest(
					"Invalid " + name + " '" + value.asString() + "'; allowed values: " + String.join(", ", allowed),
					allowed));
		}
		String detail = "Field '" + name + "' must be a string" + (allowed.isEmpty() ? "" : ", one of " + allowed)
				+ "; it is " + value;
		return Optional
			.of(allowed.isEmpty() ? Problems.of(HttpStatus.BAD_REQUEST, detail) : Problems.badRequest(detail, allowed));
	}

	/**
	 * Whether a value names one of the allowed values, in any case: the endpoint's
	 * parameter mapping reads a typed value (a state) leniently, but refuses one it
	 * cannot convert with a generic error instead of a problem naming the allowed values.
	 */
	private static boolean allows(Collection<String> allowed, String value) {
		String name = value.trim().toUpperCase(Locale.ROOT);
		return allowed.isEmpty() || allowed.contains(name);
	}

	private static @Nullable MediaType parse(@Nullable String header) {
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

}
