package io.bluegreen.actuate.health;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.SimpleHttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bluegreen's readiness joins the readiness group whether Spring Boot's probes created it
 * before, the application configured it, or nothing created it yet.
 */
class ReadinessGroupMembershipTests {

	private static final HealthEndpointGroup PRIMARY = new Group(null, "db", "readinessState", "bluegreenReadiness");

	@Test
	void joinsAnExistingReadinessGroupAndKeepsItsMembersAndPath() {
		AdditionalHealthEndpointPath readyz = AdditionalHealthEndpointPath.of(WebServerNamespace.SERVER, "/readyz");
		HealthEndpointGroups groups = HealthEndpointGroups.of(PRIMARY, Map.of("readiness",
				new Group(readyz, "readinessState", "db"), "liveness", new Group(null, "livenessState")));
		HealthEndpointGroups processed = new ReadinessGroupMembership("bluegreenReadiness", true)
			.postProcessHealthEndpointGroups(groups);
		HealthEndpointGroup readiness = processed.get("readiness");
		assertThat(readiness.isMember("bluegreenReadiness")).isTrue();
		assertThat(readiness.isMember("readinessState")).isTrue();
		assertThat(readiness.isMember("db")).isTrue();
		assertThat(readiness.isMember("livenessState")).isFalse();
		assertThat(readiness.getAdditionalPath()).isEqualTo(readyz);
		assertThat(processed.get("liveness").isMember("bluegreenReadiness")).isFalse();
		assertThat(processed.getNames()).containsExactlyInAnyOrder("readiness", "liveness");
	}

	@Test
	void createsTheReadinessGroupWithSpringBootsReadinessStateIfNothingDidYet() {
		HealthEndpointGroups processed = new ReadinessGroupMembership("bluegreenReadiness", true)
			.postProcessHealthEndpointGroups(HealthEndpointGroups.of(PRIMARY, Map.of()));
		HealthEndpointGroup readiness = processed.get("readiness");
		assertThat(readiness.isMember("bluegreenReadiness")).isTrue();
		assertThat(readiness.isMember("readinessState")).isTrue();
		assertThat(readiness.isMember("db")).isFalse();
	}

	@Test
	void leavesTheGroupsAloneWithoutProbes() {
		HealthEndpointGroups groups = HealthEndpointGroups.of(PRIMARY, Map.of());
		assertThat(new ReadinessGroupMembership("bluegreenReadiness", false).postProcessHealthEndpointGroups(groups)
			.get("readiness")).isNull();
	}

	private record Group(@Nullable AdditionalHealthEndpointPath path,
			Set<String> members) implements HealthEndpointGroup {

		Group(@Nullable AdditionalHealthEndpointPath path, String... members) {
			this(path, Set.of(members));
		}

		@Override
		public boolean isMember(String name) {
			return this.members.contains(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return true;
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return true;
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return new SimpleStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return new SimpleHttpCodeStatusMapper();
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.path;
		}

	}

}
