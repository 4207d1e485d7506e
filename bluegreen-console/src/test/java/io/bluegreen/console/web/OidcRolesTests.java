package io.bluegreen.console.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roles of a user signed in with OpenID Connect, from a claim of the identity
 * provider.
 */
class OidcRolesTests {

	@Test
	void grantsEveryValueOfTheClaimAsARole() {
		OidcUserAuthority user = new OidcUserAuthority(token(Map.of("groups", List.of("release-managers", "dev"))));

		assertThat(new OidcRoles("groups").mapAuthorities(List.of(user))).extracting(GrantedAuthority::getAuthority)
			.containsExactlyInAnyOrder("OIDC_USER", "ROLE_release-managers", "ROLE_dev");
	}

	@Test
	void readsACommaSeparatedClaimAndLeavesOtherAuthoritiesAlone() {
		OidcUserAuthority user = new OidcUserAuthority(token(Map.of("roles", "ops, release-managers")));
		SimpleGrantedAuthority other = new SimpleGrantedAuthority("SCOPE_openid");

		assertThat(new OidcRoles("roles").mapAuthorities(List.of(user, other)))
			.extracting(GrantedAuthority::getAuthority)
			.containsExactlyInAnyOrder("OIDC_USER", "SCOPE_openid", "ROLE_ops", "ROLE_release-managers");
	}

	@Test
	void grantsNothingMoreWithoutTheClaim() {
		OidcUserAuthority user = new OidcUserAuthority(token(Map.of()));

		assertThat(new OidcRoles("groups").mapAuthorities(List.of(user))).extracting(GrantedAuthority::getAuthority)
			.containsExactly("OIDC_USER");
	}

	private static OidcIdToken token(Map<String, Object> claims) {
		OidcIdToken.Builder token = OidcIdToken.withTokenValue("token")
			.subject("alice")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		claims.forEach(token::claim);
		return token.build();
	}

}
