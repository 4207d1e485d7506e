package io.bluegreen.integration.web;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import io.bluegreen.web.BoundedBody;
import io.bluegreen.web.ProblemWriter;
import io.bluegreen.web.WriteAccess;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Guards the {@code POST}s of bluegreen's APIs on the application port before anything
 * reads their body: a request that would change state is checked by {@link WriteAccess}
 * first, then a body larger than the limit is refused with 413 without being read whole.
 * Only then do the controllers see the request, with its body read once.
 *
 * @author bluegreen
 */
public class WriteRequestFilter extends OncePerRequestFilter {

	/**
	 * The order of this filter, the one of every filter that checks write access.
	 */
	public static final int ORDER = WriteAccess.FILTER_ORDER;

	private final UrlPathHelper pathHelper = new UrlPathHelper();

	private final Map<String, Guard> paths;

	private final WriteAccess writeAccess;

	private final BoundedBody boundedBody;

	/**
	 * Create a new filter.
	 * @param paths the guarded paths within the application, and how each is guarded
	 * @param writeAccess who may change state
	 * @param boundedBody the body limit
	 */
	public WriteRequestFilter(Map<String, Guard> paths, WriteAccess writeAccess, BoundedBody boundedBody) {
		this.paths = Map.copyOf(paths);
		this.writeAccess = writeAccess;
		this.boundedBody = boundedBody;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod()) || guard(request) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Guard guard = guard(request);
		boolean checkNow = guard == Guard.WRITE
				|| (guard == Guard.WRITE_WITH_BODY_TOKEN && !this.writeAccess.lacksBearer(request));
		Optional<WriteAccess.Refusal> refusal = checkNow ? this.writeAccess.check(request) : Optional.empty();
		if (refusal.isPresent()) {
			ProblemWriter.refuse(refusal.get(), request, response);
			return;
		}
		HttpServletRequest read = this.boundedBody.read(request);
		if (read == null) {
			response.setHeader("Connection", "close");
			ProblemWriter.write(this.boundedBody.tooLarge(), request, response);
			return;
		}
		chain.doFilter(read, response);
	}

	private @Nullable Guard guard(HttpServletRequest request) {
		String path = this.pathHelper.getPathWithinApplication(request);
		Guard guard = this.paths.get(path);
		return (guard != null || !path.endsWith("/")) ? guard : this.paths.get(path.substring(0, path.length() - 1));
	}

	/**
	 * How a path is guarded.
	 */
	public enum Guard {

		/**
		 * Changes state: access first, then the body limit.
		 */
		WRITE,

		/**
		 * Changes state, for callers that may carry their token in the body (Flagger): a
		 * token in the headers is checked first; otherwise the controller checks the one
		 * in the body, which is read within the limit.
		 */
		WRITE_WITH_BODY_TOKEN,

		/**
		 * Reads state but takes a body: the body limit only.
		 */
		READ

	}

}
