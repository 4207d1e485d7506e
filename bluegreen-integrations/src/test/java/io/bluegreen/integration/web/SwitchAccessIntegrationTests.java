package io.bluegreen.integration.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Http;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication;
import io.bluegreen.test.RecordLog;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may switch: an anonymous or wrong caller cannot, its refusal changes nothing (the
 * listeners keep consuming), and an authorized caller can. Over real HTTP, with a real
 * broker behind the application.
 */
class SwitchAccessIntegrationTests {

	private static final int PARTITIONS = 2;

	private static final String REMOTE = "203.0.113.9";

	/**
	 * Without Spring Security: the endpoint's default access and the token of the
	 * lifecycle API. Requests from a remote address arrive through a proxy that names the
	 * caller in {@code X-Forwarded-For}.
	 */
	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class WithoutSpringSecurity {

		private Running running;

		@BeforeAll
		void start() {
			this.running = new Running("server.forward-headers-strategy=native", "bluegreen.access.token=s3cret",
					"management.endpoint.bluegreen.access=read-only");
		}

		@AfterAll
		void stop() throws InterruptedException {
			this.running.close();
		}

		@Test
		void theEndpointIsReadOnlyUntilWriteAccessIsGranted() {
			assertThat(this.running.http.get("/actuator/bluegreen").statusCode()).isEqualTo(200);

			HttpResponse<String> refused = this.running.http.post("/actuator/bluegreen", "{\"state\":\"PAUSED\"}",
					"Authorization", "Bearer s3cret");

			assertThat(refused.statusCode()).isEqualTo(405);
			assertThat(refused.body()).contains("read-only", "management.endpoint.bluegreen.access=unrestricted");
			this.running.assertStillConsuming();
		}

		@Test
		void aRemoteCallerWithoutTheTokenCannotPause() {
			HttpResponse<String> anonymous = this.running.http.post("/lifecycle/pause", "", "X-Forwarded-For", REMOTE);
			HttpResponse<String> wrong = this.running.http.post("/lifecycle/pause", "", "X-Forwarded-For", REMOTE,
					"Authorization", "Bearer guess");

			assertThat(anonymous.statusCode()).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
			assertThat(anonymous.body()).contains("bluegreen.access.token");
			assertThat(wrong.statusCode()).isEqualTo(403);
			this.running.assertStillConsuming();
		}

		@Test
		void aRemoteCallerWithTheTokenPausesAndResumes() {
			HttpResponse<String> paused = this.running.http.post("/lifecycle/pause", "", "X-Forwarded-For", REMOTE,
					"Authorization", "Bearer s3cret");

			assertThat(paused.statusCode()).isEqualTo(200);
			assertThat(paused.body()).contains("\"state\":\"PAUSED\"");
			this.running.assertNotConsuming();
			assertThat(this.running.http
				.post("/lifecycle/resume", "", "X-Forwarded-For", REMOTE, "Authorization", "Bearer s3cret")
				.statusCode()).isEqualTo(200);
			this.running.assertStillConsuming();
		}

	}

	/**
	 * With nothing configured: no caller may change state, not even one on the loopback
	 * interface.
	 */
	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class WithDefaults {

		private Running running;

		@BeforeAll
		void start() {
			this.running = new Running();
		}

		@AfterAll
		void stop() throws InterruptedException {
			this.running.close();
		}

		@Test
		void aLocalCallerWithoutCredentialsCannotPauseOrSwitch() {
			HttpResponse<String> lifecycle = this.running.http.post("/lifecycle/pause", "");
			HttpResponse<String> endpoint = this.running.http.post("/actuator/bluegreen", "{\"state\":\"PAUSED\"}");

			assertThat(lifecycle.statusCode()).isEqualTo(403);
			assertThat(lifecycle.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(lifecycle.body()).contains("no token is configured", "bluegreen.access.token");
			assertThat(endpoint.statusCode()).isEqualTo(403);
			assertThat(endpoint.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			this.running.assertStillConsuming();
		}

	}

	/**
	 * With Spring Security and the rules of docs/security.md: anyone may read, only a
	 * deployer may switch.
	 */
	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class WithSpringSecurity {

		private Running running;

		@BeforeAll
		void start() {
			this.running = new Running("spring.autoconfigure.exclude=",
					"spring.main.sources=" + SecurityRules.class.getName());
		}

		@AfterAll
		void stop() throws InterruptedException {
			this.running.close();
		}

		@Test
		void anyoneMayReadTheState() {
			HttpResponse<String> response = this.running.http.get("/actuator/bluegreen");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"state\":\"ACTIVE\"");
		}

		@Test
		void anAnonymousCallerCannotSwitch() {
			HttpResponse<String> response = this.running.http.post("/actuator/bluegreen", "{\"state\":\"PAUSED\"}");

			assertThat(response.statusCode()).isEqualTo(401);
			this.running.assertStillConsuming();
		}

		@Test
		void aCallerWithoutTheDeployerRoleCannotSwitch() {
			HttpResponse<String> response = this.running.http.post("/actuator/bluegreen", "{\"state\":\"PAUSED\"}",
					"Authorization", basic("viewer"));

			assertThat(response.statusCode()).isEqualTo(403);
			this.running.assertStillConsuming();
		}

		@Test
		void aDeployerSwitches() {
			HttpResponse<String> paused = this.running.http.post("/actuator/bluegreen", "{\"state\":\"PAUSED\"}",
					"Authorization", basic("deployer"));

			assertThat(paused.statusCode()).isEqualTo(200);
			assertThat(paused.body()).contains("\"state\":\"PAUSED\"");
			this.running.assertNotConsuming();
			assertThat(this.running.http
				.post("/actuator/bluegreen", "{\"state\":\"ACTIVE\"}", "Authorization", basic("deployer"))
				.statusCode()).isEqualTo(200);
			this.running.assertStillConsuming();
		}

		private static String basic(String user) {
			return "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8));
		}

	}

	/**
	 * The rules of docs/security.md.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SecurityRules {

		@Bean
		SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
			return http.securityMatcher(EndpointRequest.toAnyEndpoint())
				.authorizeHttpRequests((requests) -> requests
					.requestMatchers(EndpointRequest.to("bluegreen", "health").withHttpMethod(HttpMethod.GET))
					.permitAll()
					.requestMatchers(EndpointRequest.to("bluegreen"))
					.hasRole("DEPLOYER")
					.anyRequest()
					.authenticated())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()))
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("deployer").password("{noop}deployer-password").roles("DEPLOYER").build(),
					User.withUsername("viewer").password("{noop}viewer-password").roles("VIEWER").build());
		}

	}

	/**
	 * An application consuming a topic under continuous load.
	 */
	private static final class Running implements AutoCloseable {

		private final ConfigurableApplicationContext app;

		private final Http http;

		private final Load load;

		Running(String... properties) {
			String topic = EmbeddedBroker.createTopic("access", PARTITIONS);
			String[] all = new String[properties.length + 3];
			all[0] = "test.topic=" + topic;
			all[1] = "spring.kafka.consumer.group-id=" + EmbeddedBroker.uniqueName("access");
			all[2] = "bluegreen.color=blue";
			System.arraycopy(properties, 0, all, 3, properties.length);
			this.app = OrdersTestApplication.start(WebApplicationType.SERVLET, all);
			OrdersTestApplication.awaitBalanced(this.app, PARTITIONS);
			this.http = new Http(this.app);
			this.load = new Load(topic, PARTITIONS);
			this.load.startContinuous(5);
		}

		/**
		 * The application is ACTIVE, nothing asked its listeners to pause, and it goes on
		 * processing records.
		 */
		void assertStillConsuming() {
			LifecycleService lifecycle = this.app.getBean(LifecycleService.class);
			assertThat(lifecycle.getState()).isEqualTo(LifecycleState.ACTIVE);
			assertThat(lifecycle.status().listeners())
				.allSatisfy((listener) -> assertThat(listener.pauseRequested()).isFalse());
			int processed = records().count();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> records().count() > processed + 10);
		}

		/**
		 * The application is PAUSED and processes no record.
		 */
		void assertNotConsuming() {
			assertThat(this.app.getBean(LifecycleService.class).getState()).isEqualTo(LifecycleState.PAUSED);
			int processed = records().count();
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(5))
				.until(() -> records().count() == processed);
		}

		private RecordLog records() {
			return this.app.getBean(RecordLog.class);
		}

		@Override
		public void close() throws InterruptedException {
			this.load.close();
			this.app.close();
		}

	}

}
