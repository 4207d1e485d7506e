package io.bluegreen.console.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.console.ConsoleProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what: every page and event stream is readable by anyone, a switch needs a
 * signed-in user with the configured role. Browsers sign in with a form, scripts with
 * HTTP Basic; a switch from a page carries a CSRF token in a header, so a refused request
 * is refused before its body is read.
 *
 * @author bluegreen
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Bean
	SecurityFilterChain consoleSecurity(HttpSecurity http, SwitchAccess access,
			ObjectProvider<ClientRegistrationRepository> registrations) throws Exception {
		RequestMatcher switches = PathPatternRequestMatcher.withDefaults()
			.matcher(HttpMethod.POST, "/deployments/*/switch");
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(switches)
			.hasAuthority(access.authority())
			.requestMatchers(HttpMethod.GET, "/**")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/login", "/logout")
			.permitAll()
			.anyRequest()
			.denyAll());
		http.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/", false));
		if (registrations.getIfAvailable() != null) {
			// An identity provider is registered: its sign-in is offered on the same page
			http.oauth2Login((login) -> login.loginPage("/login").defaultSuccessUrl("/", false));
		}
		http.logout((logout) -> logout.logoutSuccessUrl("/"));
		http.httpBasic((basic) -> basic.authenticationEntryPoint(SecurityConfiguration::unauthorized));
		http.csrf((csrf) -> csrf.csrfTokenRequestHandler(new HeaderOnlyCsrfTokenRequestHandler()));
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(SecurityConfiguration::unauthorized, switches)
			.defaultAccessDeniedHandlerFor((request, response, ex) -> {
				if (anonymous(request)) {
					// Refused for its missing CSRF token before anyone signed in
					unauthorized(request, response, null);
					return;
				}
				problem(response, HttpStatus.FORBIDDEN,
						"Switching needs a signed-in user with role " + access.authority().substring("ROLE_".length())
								+ " and the page's CSRF token; " + ex.getMessage());
			}, switches));
		http.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
				"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")));
		return http.build();
	}

	@Bean
	GrantedAuthoritiesMapper bluegreenConsoleOidcRoles(ConsoleProperties properties) {
		return new OidcRoles(properties.getRolesClaim());
	}

	/**
	 * Return whether a request comes from nobody: no signed-in session and no
	 * credentials. The CSRF check runs before credentials are read, so a request that
	 * sends them is not anonymous here.
	 */
	private static boolean anonymous(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		boolean signedIn = authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
		return !signedIn && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
	}

	private static void unauthorized(HttpServletRequest request, HttpServletResponse response,
			org.springframework.security.core.@Nullable AuthenticationException ex) throws IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"bluegreen console\"");
		problem(response, HttpStatus.UNAUTHORIZED,
				"Switching needs a signed-in user; sign in at /login or send HTTP Basic credentials");
	}

	private static void problem(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter().write(jsonMapper.writeValueAsString(problem));
	}

	/**
	 * Reads the CSRF token of a switch from its header only: the form parameter would
	 * read the body before access is checked.
	 */
	private static final class HeaderOnlyCsrfTokenRequestHandler extends CsrfTokenRequestAttributeHandler {

		@Override
		public @Nullable String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
			if ("/login".equals(request.getServletPath()) || "/logout".equals(request.getServletPath())) {
				return super.resolveCsrfTokenValue(request, csrfToken);
			}
			return request.getHeader(csrfToken.getHeaderName());
		}

	}

}
