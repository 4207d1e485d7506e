package io.bluegreen.console.web;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/**
 * Grants the values of a claim of a user signed in with OpenID Connect as roles: a member
 * of the identity provider's group {@code release-managers} gets
 * {@code ROLE_release-managers}, and may switch when that is the switch role.
 *
 * @author bluegreen
 */
public class OidcRoles implements GrantedAuthoritiesMapper {

	private final String claim;

	/**
	 * Create a mapper.
	 * @param claim the claim whose values become roles, a list or a comma-separated text
	 */
	public OidcRoles(String claim) {
		this.claim = claim;
	}

	@Override
	public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
		Set<GrantedAuthority> mapped = new LinkedHashSet<>(authorities);
		for (GrantedAuthority authority : authorities) {
			if (authority instanceof OidcUserAuthority oidc) {
				Object values = oidc.getAttributes().get(this.claim);
				if (values instanceof Collection<?> list) {
					list.forEach((value) -> mapped.add(new SimpleGrantedAuthority("ROLE_" + value)));
				}
				else if (values instanceof String text) {
					for (String value : text.split(",")) {
						if (!value.isBlank()) {
							mapped.add(new SimpleGrantedAuthority("ROLE_" + value.strip()));
						}
					}
				}
			}
		}
		return mapped;
	}

}
