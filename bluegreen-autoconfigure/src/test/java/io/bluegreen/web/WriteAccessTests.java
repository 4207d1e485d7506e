package io.bluegreen.web;

import java.util.Optional;

import org.junit.jupiter.api.Test;
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

	private final WriteAccess withToken = new WriteAccess("s3cret", true);

	private final WriteAccess withoutToken = new WriteAccess(null, true);

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1" })
	void loopbackCallersNeedNoToken(String address) {
		assertThat(this.withoutToken.check(request(address, null))).isEmpty();
		assertThat(this.withToken.check(request(address, null))).isEmpty();
	}

	@Test
	void remoteCallersAreRefusedWhenNoTokenIsConfigured() {
		Optional<Refusal> refusal = this.withoutToken.check(request("203.0.113.9", "Bearer anything"));

		assertThat(refusal).hasValueSatisfying((r) -> {
			assertThat(r.status()).isEqualTo(HttpStatus.FORBIDDEN);
			assertThat(r.detail()).contains("loopback", "bluegreen.access.token");
		});
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
	void remoteCallersWithAnotherTokenAreRefused(String authorization) {
		Optional<Refusal> refusal = this.withToken.check(request("203.0.113.9", authorization));

		assertThat(refusal).map(Refusal::status)
			.hasValue(authorization.startsWith("Basic") ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer s3cret", "bearer s3cret", "Bearer  s3cret " })
	void remoteCallersWithTheTokenMayChangeState(String authorization) {
		assertThat(this.withToken.check(request("203.0.113.9", authorization))).isEmpty();
	}

	@Test
	void aTokenInTheBodyIsAcceptedForCallersThatCannotSetHeaders() {
		assertThat(this.withToken.check(request("203.0.113.9", null), "s3cret")).isEmpty();
		assertThat(this.withToken.check(request("203.0.113.9", null), "wrong")).map(Refusal::status)
			.hasValue(HttpStatus.FORBIDDEN);
	}

	@Test
	void withoutTrustInTheLoopbackInterfaceLocalCallersNeedTheTokenToo() {
		WriteAccess meshed = new WriteAccess("s3cret", false);

		assertThat(meshed.check(request("127.0.0.6", null))).map(Refusal::status).hasValue(HttpStatus.UNAUTHORIZED);
		assertThat(meshed.check(request("127.0.0.6", "Bearer s3cret"))).isEmpty();
		assertThat(new WriteAccess(null, false).check(request("::1", "Bearer s3cret"))).hasValueSatisfying(
				(refusal) -> assertThat(refusal.detail()).contains("trust-loopback is false"));
	}

	@Test
	void aBlankTokenConfiguresNoToken() {
		assertThat(new WriteAccess("  ", true).check(request("203.0.113.9", "Bearer   "))).map(Refusal::status)
			.hasValue(HttpStatus.FORBIDDEN);
	}

	private static MockHttpServletRequest request(String remoteAddress, String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/lifecycle/pause");
		request.setRemoteAddr(remoteAddress);
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

}
