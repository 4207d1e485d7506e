package io.bluegreen.actuate.endpoint.servlet;

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

import io.bluegreen.web.BoundedBody;
import io.bluegreen.web.ProblemWriter;
import io.bluegreen.web.WriteAccess;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Checks a write to the {@code bluegreen} actuator endpoint before the endpoint sees it.
 * Without write access to the endpoint nothing is read; then the caller must be one
 * Spring Security authenticated or present the token ({@link WriteAccess}) before the
 * body is read, and a body larger than the limit is refused with 413 without being read
 * whole. What the request must look like is {@link EndpointRequests}'s to say. Reads pass
 * untouched.
 *
 * @author bluegreen
 */
public class EndpointRequestFilter extends OncePerRequestFilter {

	/**
	 * The methods this filter lets through untouched: reads, and the requests that
	 * servlet containers and CORS answer themselves.
	 */
	private static final List<String> PASSED = List.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final UrlPathHelper pathHelper = new UrlPathHelper();

	private final Supplier<@Nullable String> path;

	private final EndpointRequests requests;

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
		this.requests = new EndpointRequests(consumed, allowedValues);
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
		Optional<ProblemDetail> wrongMethod = this.requests.method(request.getMethod());
		if (wrongMethod.isPresent()) {
			response.setHeader(HttpHeaders.ALLOW, "GET, POST");
			ProblemWriter.write(wrongMethod.get(), request, response);
			return;
		}
		if (!this.writable.getAsBoolean()) {
			response.setHeader(HttpHeaders.ALLOW, "GET");
			ProblemWriter.write(this.requests.readOnly(), request, response);
			return;
		}
		Optional<WriteAccess.Refusal> refusal = this.writeAccess.checkEndpoint(request);
		if (refusal.isPresent()) {
			ProblemWriter.refuse(refusal.get(), request, response);
			return;
		}
		Optional<ProblemDetail> wrongType = this.requests.contentType(request.getContentType());
		if (wrongType.isPresent()) {
			ProblemWriter.write(wrongType.get(), request, response);
			return;
		}
		HttpServletRequest read = this.boundedBody.read(request);
		if (read == null) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
			ProblemWriter.write(this.boundedBody.tooLarge(), request, response);
			return;
		}
		Optional<ProblemDetail> wrongBody = this.requests.body(read.getInputStream().readAllBytes());
		if (wrongBody.isPresent()) {
			ProblemWriter.write(wrongBody.get(), request, response);
			return;
		}
		chain.doFilter(read, response);
	}

}
