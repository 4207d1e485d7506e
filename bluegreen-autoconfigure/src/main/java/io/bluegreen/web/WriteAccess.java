package io.bluegreen.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;

/**
 * Decides who may change state through bluegreen's HTTP APIs on the application's web
 * server (the lifecycle API, the Shawarma and the Flagger endpoints). Callers on the
 * loopback interface, such as a sidecar in the same pod, may; a remote caller must
 * present the configured token, and without a configured token no remote caller may.
 * Reading state is not restricted here. Spring Security, when present, applies before
 * this check.
 *
 * @author bluegreen
 */
public class WriteAccess {

	private static final String BEARER = "Bearer ";

	private final byte @Nullable [] token;

	private final boolean trustLoopback;

	/**
	 * Create a new access check.
	 * @param token the token callers must present, or {@code null}
	 * @param trustLoopback whether callers on the loopback interface need no token; turn
	 * it off when a proxy in the pod (a service mesh sidecar) makes every caller look
	 * local
	 */
	public WriteAccess(@Nullable String token, boolean trustLoopback) {
		this.token = StringUtils.hasText(token) ? token.getBytes(StandardCharsets.UTF_8) : null;
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
		if (this.trustLoopback && isLoopback(request.getRemoteAddr())) {
			return Optional.empty();
		}
		if (this.token == null) {
			return Optional.of(new Refusal(HttpStatus.FORBIDDEN, this.trustLoopback
					? "Only callers on the loopback interface may change state; set bluegreen.access.token to allow "
							+ "remote callers that present it"
					: "No caller may change state: bluegreen.access.trust-loopback is false and no "
							+ "bluegreen.access.token is set"));
		}
		String presented = presentedToken(request, bodyToken);
		if (presented == null) {
			return Optional.of(new Refusal(HttpStatus.UNAUTHORIZED,
					"Changing state needs the token of bluegreen.access.token, as 'Authorization: Bearer <token>'"));
		}
		if (!MessageDigest.isEqual(this.token, presented.getBytes(StandardCharsets.UTF_8))) {
			return Optional.of(new Refusal(HttpStatus.FORBIDDEN, "The presented token is not bluegreen.access.token"));
		}
		return Optional.empty();
	}

	private static @Nullable String presentedToken(HttpServletRequest request, @Nullable String bodyToken) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).trim();
		}
		return StringUtils.hasText(bodyToken) ? bodyToken : null;
	}

	private static boolean isLoopback(@Nullable String address) {
		if (address == null) {
			return false;
		}
		try {
			// The remote address is an IP literal, so this does no name lookup
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
		 * Return the refusal as an RFC 9457 problem response.
		 * @return the response
		 */
		public ResponseEntity<ProblemDetail> toResponse() {
			ResponseEntity.BodyBuilder response = ResponseEntity.status(this.status);
			if (this.status == HttpStatus.UNAUTHORIZED) {
				response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"bluegreen\"");
			}
			return response.body(ProblemDetail.forStatusAndDetail(this.status, this.detail));
		}

	}

}
