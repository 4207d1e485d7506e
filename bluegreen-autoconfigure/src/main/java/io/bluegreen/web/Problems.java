package io.bluegreen.web;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

import io.bluegreen.lifecycle.LifecycleStatus;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The RFC 9457 problems bluegreen's HTTP surfaces answer every refusal with: a
 * {@code detail} a person can act on and, where it applies, the {@code allowed} values.
 *
 * @author bluegreen
 */
public final class Problems {

	/**
	 * The property that lists the values a request may name.
	 */
	public static final String ALLOWED = "allowed";

	private Problems() {
	}

	/**
	 * Create a problem.
	 * @param status the HTTP status
	 * @param detail what was wrong, and what would be right
	 * @return the problem
	 */
	public static ProblemDetail of(HttpStatus status, String detail) {
		return ProblemDetail.forStatusAndDetail(status, detail);
	}

	/**
	 * Create a problem that names the values a request may use.
	 * @param status the HTTP status
	 * @param detail what was wrong
	 * @param allowed the values the request may name
	 * @return the problem
	 */
	public static ProblemDetail of(HttpStatus status, String detail, Collection<?> allowed) {
		ProblemDetail problem = of(status, detail);
		problem.setProperty(ALLOWED, List.copyOf(allowed));
		return problem;
	}

	/**
	 * Create a 400 problem that names the values a request may use.
	 * @param detail what was wrong
	 * @param allowed the values the request may name
	 * @return the problem
	 */
	public static ProblemDetail badRequest(String detail, Collection<?> allowed) {
		return of(HttpStatus.BAD_REQUEST, detail, allowed);
	}

	/**
	 * Add the lifecycle of this instance to a problem, with the names and values of a
	 * successful answer ({@code state}, {@code color}, {@code since}, {@code drain},
	 * {@code listeners}), so that a caller sees, for example, which listener a timed-out
	 * drain waits for.
	 * @param problem the problem
	 * @param status the lifecycle
	 * @return the problem
	 */
	public static ProblemDetail withLifecycle(ProblemDetail problem, LifecycleStatus status) {
		problem.setProperty("state", status.state());
		problem.setProperty("color", status.color());
		problem.setProperty("since", status.since());
		problem.setProperty("drain", status.drain());
		problem.setProperty("listeners", status.listeners());
		return problem;
	}

	/**
	 * Return a problem as a response, typed {@code application/problem+json}.
	 * @param problem the problem
	 * @return the response
	 */
	public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * Describe why a JSON body could not be read: where the JSON is malformed, which
	 * field is unknown (with the known ones), or which field has the wrong type.
	 * @param cause what the JSON parser or binder threw, or {@code null} for a missing
	 * body
	 * @param example a body that would be accepted
	 * @return a 400 problem
	 */
	public static ProblemDetail unreadable(@Nullable Throwable cause, String example) {
		if (cause instanceof PropertyBindingException ex) {
			List<String> known = (ex.getKnownPropertyIds() != null)
					? ex.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList() : List.of();
			return badRequest(
					"Unknown field '" + ex.getPropertyName() + "'; allowed fields: " + known + ", as in " + example,
					known);
		}
		if (cause instanceof MismatchedInputException ex && !ex.getPath().isEmpty()) {
			String field = Objects.toString(ex.getPath().get(ex.getPath().size() - 1).getPropertyName(),
					ex.getPathReference());
			String expected = (ex.getTargetType() != null) ? " (expected " + describe(ex.getTargetType()) + ")" : "";
			return of(HttpStatus.BAD_REQUEST,
					"Field '" + field + "' has a value of the wrong type" + expected + ", as in " + example);
		}
		if (cause instanceof JacksonException ex) {
			// The parser's message may name where an
			// object started, in a form that helps nobody
			String message = ex.getOriginalMessage().replaceAll("\\s*\\(start marker at .*\\)", "");
			return of(HttpStatus.BAD_REQUEST, "The body is not the JSON expected" + at(ex.getLocation()) + ": "
					+ message + "; send a JSON object such as " + example);
		}
		return of(HttpStatus.BAD_REQUEST, "The body is missing or unreadable; send a JSON object such as " + example);
	}

	/**
	 * Describe a request whose content type cannot be read.
	 * @param contentType the content type of the request, or {@code null} if it had none
	 * @param example a body that would be accepted
	 * @param supported the content types that would be read
	 * @return a 415 problem that names the supported content types
	 */
	public static ProblemDetail unsupportedContentType(@Nullable MediaType contentType, String example,
			Collection<?> supported) {
		String given = (contentType != null) ? "Content type '" + contentType + "' is not supported"
				: "The request has no Content-Type";
		return of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				given + "; send the body as 'Content-Type: application/json', such as " + example,
				supported.stream().map(String::valueOf).toList());
	}

	/**
	 * Answer a request for a path that does not exist under one of bluegreen's paths.
	 * @param path what the request named
	 * @param allowed the paths that exist
	 * @return a 404 problem response
	 */
	public static ResponseEntity<ProblemDetail> notFound(String path, Collection<String> allowed) {
		return response(of(HttpStatus.NOT_FOUND, "There is no '" + path + "' here; allowed: " + allowed, allowed));
	}

	/**
	 * Answer a request with a method the path does not support.
	 * @param method the method of the request
	 * @param allowed the methods the path supports
	 * @return a 405 problem response with an {@code Allow} header
	 */
	public static ResponseEntity<ProblemDetail> methodNotAllowed(String method, Collection<HttpMethod> allowed) {
		List<String> names = allowed.stream().map(HttpMethod::name).toList();
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.allow(allowed.toArray(HttpMethod[]::new))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(of(HttpStatus.METHOD_NOT_ALLOWED,
					"Method " + method + " is not supported here; use " + String.join(" or ", names), names));
	}

	private static String describe(Class<?> type) {
		if (type == String.class) {
			return "a string";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(type)) {
			return "an object";
		}
		return "a JSON " + type.getSimpleName();
	}

	private static String at(@Nullable TokenStreamLocation location) {
		return (location != null && location.getLineNr() > 0)
				? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
	}

}
