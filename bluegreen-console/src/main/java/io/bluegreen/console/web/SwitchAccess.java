package io.bluegreen.console.web;

import org.jspecify.annotations.Nullable;

import io.bluegreen.console.ConsoleProperties;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who is signed in, and whether they may switch: an authenticated user with the
 * configured role.
 *
 * @author bluegreen
 */
@Component
public class SwitchAccess {

	private final String authority;

	SwitchAccess(ConsoleProperties properties) {
		this.authority = "ROLE_" + properties.getSwitchRole();
	}

	/**
	 * Return the name of the signed-in user.
	 * @param authentication the authentication of the request, or {@code null}
	 * @return the name, or {@code null} if nobody is signed in
	 */
	public @Nullable String user(@Nullable Authentication authentication) {
		return (authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)) ? authentication.getName() : null;
	}

	/**
	 * Return whether the request's user may switch deployments.
	 * @param authentication the authentication of the request, or {@code null}
	 * @return whether the user is signed in and has the role
	 */
	public boolean maySwitch(@Nullable Authentication authentication) {
		return authentication != null && user(authentication) != null
				&& authentication.getAuthorities()
					.stream()
					.anyMatch((granted) -> this.authority.equals(granted.getAuthority()));
	}

	/**
	 * Return the authority a user needs to switch.
	 * @return the authority
	 */
	public String authority() {
		return this.authority;
	}

}
