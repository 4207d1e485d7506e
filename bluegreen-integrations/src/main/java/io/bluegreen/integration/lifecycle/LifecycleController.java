package io.bluegreen.integration.lifecycle;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.lifecycle.LifecycleRequests;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.LifecycleStatus;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.web.HttpOutcomes;
import io.bluegreen.web.Problems;
import io.bluegreen.web.WriteAccess;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The lifecycle API with which a sidecar pauses and resumes each instance:
 * {@code POST /lifecycle/pause}, {@code POST /lifecycle/resume} and
 * {@code GET /lifecycle/status}, with the semantics and JSON of the {@code bluegreen}
 * actuator endpoint. Pausing and resuming is limited by {@link WriteAccess}; the path
 * says everything, so a body, if any, must be empty. Every refusal is an RFC 9457
 * problem.
 *
 * @author bluegreen
 */
@RestController
@RequestMapping("${bluegreen.lifecycle-api.base-path:/lifecycle}")
public class LifecycleController {

	private static final String EXAMPLE = "no body or {}";

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final LifecycleService lifecycleService;

	private final WriteAccess writeAccess;

	/**
	 * Create a new controller.
	 * @param lifecycleService the lifecycle service
	 * @param writeAccess who may pause and resume
	 */
	public LifecycleController(LifecycleService lifecycleService, WriteAccess writeAccess) {
		this.lifecycleService = lifecycleService;
		this.writeAccess = writeAccess;
	}

	@GetMapping("/status")
	public LifecycleStatus status() {
		return this.lifecycleService.status();
	}

	@PostMapping("/pause")
	public ResponseEntity<?> pause(@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
		return transition(body, request, LifecycleState.PAUSED);
	}

	@PostMapping("/resume")
	public ResponseEntity<?> resume(@RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
		return transition(body, request, LifecycleState.ACTIVE);
	}

	/**
	 * Answer a path or method this API does not have with a problem that names the ones
	 * it has, instead of the application's generic error page.
	 * @param name the last segment of the path
	 * @param request the request
	 * @return a 404 or 405 problem
	 */
	@RequestMapping("/{name}")
	public ResponseEntity<ProblemDetail> other(@PathVariable String name, HttpServletRequest request) {
		return switch (name) {
			case "pause", "resume" -> Problems.methodNotAllowed(request.getMethod(), List.of(HttpMethod.POST));
			case "status" -> Problems.methodNotAllowed(request.getMethod(), List.of(HttpMethod.GET));
			default -> Problems.notFound(name, List.of("pause", "resume", "status"));
		};
	}

	private ResponseEntity<?> transition(byte @Nullable [] body, HttpServletRequest request, LifecycleState target) {
		// WriteRequestFilter checked access and the size before the body was read; this
		// check stays for applications that register the controller without the filter
		return this.writeAccess.check(request).<ResponseEntity<?>>map(WriteAccess.Refusal::toResponse).orElseGet(() -> {
			ProblemDetail problem = (body != null && body.length > 0) ? check(body, request) : null;
			return (problem != null) ? Problems.response(problem)
					: answer(LifecycleRequests.await(this.lifecycleService, target));
		});
	}

	/**
	 * The path is the whole request, so an empty body of any type is fine (as
	 * {@code curl -d ''} sends); a body with content must be an empty JSON object,
	 * because a field would be a guess at another API.
	 */
	private static @Nullable ProblemDetail check(byte[] body, HttpServletRequest request) {
		MediaType contentType;
		try {
			contentType = (request.getContentType() != null) ? MediaType.parseMediaType(request.getContentType())
					: null;
		}
		catch (InvalidMediaTypeException ex) {
			contentType = null;
		}
		if (contentType == null || !MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
			return Problems.unsupportedContentType(contentType, EXAMPLE, List.of(MediaType.APPLICATION_JSON));
		}
		JsonNode json;
		try {
			json = jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			return Problems.unreadable(ex, EXAMPLE);
		}
		if (json == null || json.isMissingNode() || (json.isObject() && json.isEmpty())) {
			return null;
		}
		String field = json.isObject() ? "Unknown field '" + json.propertyNames().iterator().next() + "': " : "";
		return Problems.badRequest(field + "POST " + request.getRequestURI() + " takes no fields; send " + EXAMPLE,
				List.of());
	}

	private static ResponseEntity<?> answer(TransitionResult result) {
		HttpStatus status = HttpOutcomes.status(result.outcome());
		String problem = result.problem();
		if (problem != null) {
			return Problems.response(Problems.withLifecycle(Problems.of(status, problem), result.status()));
		}
		return ResponseEntity.status(status).body(result.status());
	}

}
