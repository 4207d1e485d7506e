package io.bluegreen.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;

/**
 * Decides who may change state through bluegreen's HTTP APIs. A caller must present the
 * configured token as {@code Authorization: Bearer <token>}; without a configured token
 * nobody may. Only when loopback trust is turned on (for a sidecar in the pod, such as
 * Shawarma's) may a caller whose own connection comes from the loopback interface change
 * state without it, and never with a {@code Forwarded} or {@code X-Forwarded-*} header,
 * because forwarded-header handling could have made a remote caller look local. On the
 * actuator endpoint, a caller that Spring Security authenticated (and authorized, since
 * its rules apply first) may change state too. Reading state is not restricted here.
 *
 * @author bluegreen
 */
public class WriteAccess {

	/**
	 * The order of the request filters that check write access: right after Spring
	 * Security's filter chain (order -100), whose authenticated caller they accept, and
	 * before any other filter that could read a body (a request logger, a form parser).
	 */
	public static final int FILTER_ORDER = -99;

	/**
	 * The request attribute that holds the address of the connection's own peer, before
	 * any forwarded-header handling, set on Tomcat by {@code bluegreen-integrations}.
	 */
	public static final String PEER_ADDRESS_ATTRIBUTE = WriteAccess.class.getName() + ".peerAddress";

	/**
	 * The request attribute, set on Tomcat by {@code bluegreen-integrations}, that says
	 * the request arrived with forwarded headers, which the server's forwarded-header
	 * handling may have removed since.
	 */
	public static final String FORWARDED_ATTRIBUTE = WriteAccess.class.getName() + ".forwarded";

	private static final String BEARER = "Bearer ";

	private final AccessToken token;

	private final boolean trustLoopback;

	/**
	 * Create a new access check.
	 * @param token the token callers must present, or {@code null}
	 * @param trustLoopback whether callers on the loopback interface need no token
	 */
	public WriteAccess(@Nullable String token, boolean trustLoopback) {
		this(AccessToken.of(token), trustLoopback);
	}

	/**
	 * Create a new access check.
	 * @param token the token callers must present
	 * @param trustLoopback whether callers whose own connection comes from the loopback
	 * interface, without forwarded headers, need no token; never under a service mesh
	 * sidecar, which makes every caller local
	 */
	public WriteAccess(AccessToken token, boolean trustLoopback) {
		this.token = token;
		this.trustLoopback = trustLoopback;
	}

	/**
	 * Check a request that would change state, with the token in its
	 * {@code Authorization: Bearer} header.
	 * @param request the request
	 * @return the refusal, or empty if the caller may change state
	 */
	public Optional<Refusal> check(HttpServletRequest request) {
		return check(request, null);
	}

	/**
	 * Check a request that would change state.
	 * @param request the request
	 * @param bodyToken a token the request carries in its body, for callers that cannot
	 * set headers, or {@code null}
	 * @return the refusal, or empty if the caller may change state
	 */
	public Optional<Refusal> check(HttpServletRequest request, @Nullable String bodyToken) {
		if (this.trustLoopback && isLocal(request)) {
			return Optional.empty();
		}
		return checkToken(request, bodyToken);
	}

	/**
	 * Check a request to the actuator endpoint that would change state: a caller that
	 * Spring Security (or the servlet container) authenticated may, and so may one that
	 * presents the token. The loopback interface is not trusted here.
	 * @param request the request
	 * @return the refusal, or empty if the caller may change state
	 */
	public Optional<Refusal> checkEndpoint(HttpServletRequest request) {
		if (request.getUserPrincipal() != null) {
			return Optional.empty();
		}
		return checkToken(request, null);
	}

	/**
	 * Return whether the request is one that carries its token only in its body, so that
	 * the header alone cannot decide: no {@code Authorization} header.
	 * @param request the request
	 * @return whether the request has no bearer token in its headers
	 */
	public boolean lacksBearer(HttpServletRequest request) {
		return bearer(request) == null;
	}

	private Optional<Refusal> checkToken(HttpServletRequest request, @Nullable String bodyToken) {
		byte[] expected = this.token.current();
		String presented = presentedToken(request, bodyToken);
		String forwarded = (this.trustLoopback && isForwarded(request))
				? "; a request with Forwarded or X-Forwarded-* headers is never trusted as local" : "";
		if (expected == null) {
			return Optional.of(new Refusal(HttpStatus.FORBIDDEN,
					"No caller may change state: no token is configured; "
							+ "set bluegreen.access.token (or bluegreen.access.token-file) and present it as "
							+ "'Authorization: Bearer <token>'" + forwarded));
		}
		if (presented == null) {
			return Optional.of(new Refusal(HttpStatus.UNAUTHORIZED, "Changing state needs the token of "
					+ this.token.source() + ", as 'Authorization: Bearer <token>'" + forwarded));
		}
		if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
			return Optional
				.of(new Refusal(HttpStatus.FORBIDDEN, "The presented token is not the one of " + this.token.source()));
		}
		return Optional.empty();
	}

	/**
	 * A caller is local when its own connection comes from the loopback interface and
	 * nothing says it was forwarded. The peer address comes from the server, before any
	 * forwarded-header handling; without it (a server other than Tomcat) nobody is local.
	 */
	private static boolean isLocal(HttpServletRequest request) {
		Object peer = request.getAttribute(PEER_ADDRESS_ATTRIBUTE);
		return (peer instanceof String address) && !isForwarded(request) && isLoopback(address);
	}

	private static boolean isForwarded(HttpServletRequest request) {
		return Boolean.TRUE.equals(request.getAttribute(FORWARDED_ATTRIBUTE)) || hasForwardedHeaders(request);
	}

	/**
	 * Return whether a header names a hop before the connection's peer.
	 * @param name a header name
	 * @return whether it is {@code Forwarded}, {@code X-Forwarded-*} or {@code X-Real-IP}
	 */
	public static boolean isForwardedHeader(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.equals("forwarded") || lower.startsWith("x-forwarded-") || lower.equals("x-real-ip");
	}

	private static boolean hasForwardedHeaders(HttpServletRequest request) {
		return Collections.list(request.getHeaderNames()).stream().anyMatch(WriteAccess::isForwardedHeader);
	}

	private static @Nullable String presentedToken(HttpServletRequest request, @Nullable String bodyToken) {
		String bearer = bearer(request);
		if (bearer != null) {
			return bearer;
		}
		return StringUtils.hasText(bodyToken) ? bodyToken : null;
	}

	private static @Nullable String bearer(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).trim();
		}
		return null;
	}

	private static boolean isLoopback(String address) {
		try {
			// The peer address is an IP literal, so this does no name lookup
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * A refused request, which changed nothing.
	 *
	 * @param status 401 when no token was presented, 403 when the caller may not change
	 * state
	 * @param detail why, and what would be allowed
	 */
	public record Refusal(HttpStatus status, String detail) {

		/**
		 * Return the refusal as an RFC 9457 problem.
		 * @return the problem
		 */
		public ProblemDetail toProblem() {
			return ProblemDetail.forStatusAndDetail(this.status, this.detail);
		}

		/**
		 * Return the refusal as an RFC 9457 problem response.
		 * @return the response
		 */
		public ResponseEntity<ProblemDetail> toResponse() {
			ResponseEntity.BodyBuilder response = ResponseEntity.status(this.status);
			if (this.status == HttpStatus.UNAUTHORIZED) {
				response.header(HttpHeaders.WWW_AUTHENTICATE, challenge());
			}
			return response.body(toProblem());
		}

		/**
		 * Return the challenge of a 401.
		 * @return the {@code WWW-Authenticate} header's value
		 */
		public static String challenge() {
			return "Bearer realm=\"bluegreen\"";
		}

	}

}
