package io.bluegreen.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bluegreen.web.WriteAccess.Refusal;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who {@link WriteAccess} lets change state.
 */
class WriteAccessTests {

	private final WriteAccess withToken = new WriteAccess("s3cret", false);

	private final WriteAccess withoutToken = new WriteAccess((String) null, false);

	private final WriteAccess sidecar = new WriteAccess("s3cret", true);

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1", "203.0.113.9" })
	void byDefaultNobodyMayChangeStateWithoutTheToken(String peer) {
		assertThat(this.withoutToken.check(request(peer, null))).map(Refusal::status).hasValue(HttpStatus.FORBIDDEN);
		assertThat(this.withoutToken.check(request(peer, "Bearer anything")))
			.hasValueSatisfying((refusal) -> assertThat(refusal.detail()).contains("bluegreen.access.token"));
		assertThat(this.withToken.check(request(peer, null))).map(Refusal::status).hasValue(HttpStatus.UNAUTHORIZED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1" })
	void withLoopbackTrustCallersWhoseOwnConnectionIsLocalNeedNoToken(String peer) {
		assertThat(this.sidecar.check(request(peer, null))).isEmpty();
		assertThat(new WriteAccess((String) null, true).check(request(peer, null))).isEmpty();
	}

	@Test
	void loopbackTrustLooksAtThePeerNotAtTheRewrittenRemoteAddress() {
		MockHttpServletRequest rewritten = request("10.1.2.3", null);
		rewritten.setRemoteAddr("127.0.0.1");

		assertThat(this.sidecar.check(rewritten)).map(Refusal::status).hasValue(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void withoutAKnownPeerNobodyIsLocal() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/lifecycle/pause");
		request.setRemoteAddr("127.0.0.1");

		assertThat(this.sidecar.check(request)).map(Refusal::status).hasValue(HttpStatus.UNAUTHORIZED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "X-Forwarded-For", "Forwarded", "X-Forwarded-Host", "x-forwarded-proto", "X-Real-IP" })
	void aLocalCallerWithForwardedHeadersIsNotTrusted(String header) {
		MockHttpServletRequest forwarded = request("127.0.0.1", null);
		forwarded.addHeader(header, "127.0.0.1");

		assertThat(this.sidecar.check(forwarded)).hasValueSatisfying((refusal) -> {
			assertThat(refusal.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(refusal.detail()).contains("Forwarded");
		});
	}

	@Test
	void aLocalCallerWhoseForwardedHeadersTheServerRemovedIsNotTrusted() {
		MockHttpServletRequest forwarded = request("127.0.0.1", null);
		forwarded.setAttribute(WriteAccess.FORWARDED_ATTRIBUTE, true);

		assertThat(this.sidecar.check(forwarded)).map(Refusal::status).hasValue(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void remoteCallersWithoutTheTokenAreAskedForIt() {
		Optional<Refusal> refusal = this.withToken.check(request("203.0.113.9", null));

		assertThat(refusal).hasValueSatisfying((r) -> {
			assertThat(r.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(r.toResponse().getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer s3cre", "Bearer s3cret2", "Bearer S3CRET", "Basic czNjcmV0" })
	void callersWithAnotherTokenAreRefused(String authorization) {
		Optional<Refusal> refusal = this.withToken.check(request("203.0.113.9", authorization));

		assertThat(refusal).map(Refusal::status)
			.hasValue(authorization.startsWith("Basic") ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer s3cret", "bearer s3cret", "Bearer  s3cret " })
	void callersWithTheTokenMayChangeState(String authorization) {
		assertThat(this.withToken.check(request("203.0.113.9", authorization))).isEmpty();
		assertThat(this.withToken.check(request("127.0.0.1", authorization))).isEmpty();
	}

	@Test
	void aTokenInTheBodyIsAcceptedForCallersThatCannotSetHeaders() {
		assertThat(this.withToken.check(request("203.0.113.9", null), "s3cret")).isEmpty();
		assertThat(this.withToken.check(request("203.0.113.9", null), "wrong")).map(Refusal::status)
			.hasValue(HttpStatus.FORBIDDEN);
	}

	@Test
	void theEndpointAcceptsAnAuthenticatedCallerOrTheTokenButNeverTrustsLoopback() {
		MockHttpServletRequest authenticated = request("203.0.113.9", null);
		authenticated.setUserPrincipal(() -> "deployer");

		assertThat(this.sidecar.checkEndpoint(authenticated)).isEmpty();
		assertThat(this.sidecar.checkEndpoint(request("127.0.0.1", "Bearer s3cret"))).isEmpty();
		assertThat(this.sidecar.checkEndpoint(request("127.0.0.1", null))).map(Refusal::status)
			.hasValue(HttpStatus.UNAUTHORIZED);
		assertThat(this.withoutToken.checkEndpoint(request("127.0.0.1", "Bearer s3cret"))).map(Refusal::status)
			.hasValue(HttpStatus.FORBIDDEN);
	}

	@Test
	void aBlankTokenConfiguresNoToken() {
		assertThat(new WriteAccess("  ", false).check(request("203.0.113.9", "Bearer   "))).map(Refusal::status)
			.hasValue(HttpStatus.FORBIDDEN);
	}

	@Test
	void aTokenFromAFileIsReadAgainWhenTheFileChanges(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("token");
		Files.writeString(file, "first\n");
		Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
		WriteAccess fromFile = new WriteAccess(AccessToken.fromFile(file), false);

		assertThat(fromFile.check(request("203.0.113.9", "Bearer first"))).isEmpty();

		Files.writeString(file, "second");
		Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:01:00Z")));

		assertThat(fromFile.check(request("203.0.113.9", "Bearer first"))).map(Refusal::status)
			.hasValue(HttpStatus.FORBIDDEN);
		assertThat(fromFile.check(request("203.0.113.9", "Bearer second"))).isEmpty();

		Files.delete(file);

		assertThat(fromFile.check(request("203.0.113.9", "Bearer second"))).map(Refusal::status)
			.hasValue(HttpStatus.FORBIDDEN);
	}

	private static MockHttpServletRequest request(String peer, String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/lifecycle/pause");
		request.setRemoteAddr(peer);
		request.setAttribute(WriteAccess.PEER_ADDRESS_ATTRIBUTE, peer);
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

}
