package io.bluegreen.actuate.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Adds a health contributor to the {@code readiness} group, whether the application
 * configured that group or Spring Boot's probes create it. If it does not exist yet, the
 * group is created with Spring Boot's {@code readinessState} and the contributor, and
 * Spring Boot's probes then give it its additional path as they would their own.
 *
 * @author bluegreen
 */
public class ReadinessGroupMembership implements HealthEndpointGroupsPostProcessor {

	static final String READINESS = "readiness";

	private static final String READINESS_STATE = "readinessState";

	private final String member;

	private final boolean createGroup;

	/**
	 * Create the post-processor.
	 * @param member the contributor's name
	 * @param createGroup whether to create the readiness group if nothing did
	 */
	public ReadinessGroupMembership(String member, boolean createGroup) {
		this.member = member;
		this.createGroup = createGroup;
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		HealthEndpointGroup readiness = groups.get(READINESS);
		if (readiness == null && !this.createGroup) {
			return groups;
		}
		HealthEndpointGroup primary = groups.getPrimary();
		HealthEndpointGroup withMember = (readiness != null) ? new WithMember(readiness, this.member, null)
				: new WithMember(primary, this.member, READINESS_STATE);
		Map<String, HealthEndpointGroup> all = new LinkedHashMap<>();
		for (String name : groups.getNames()) {
			all.put(name, groups.get(name));
		}
		all.put(READINESS, withMember);
		return HealthEndpointGroups.of(primary, all);
	}

	/**
	 * A group with one more member, the rest as another group has it.
	 */
	private static final class WithMember implements HealthEndpointGroup {

		private final HealthEndpointGroup delegate;

		private final Set<String> members;

		// The delegate's members count too unless the group is new
		private final boolean ownMembersOnly;

		WithMember(HealthEndpointGroup delegate, String member, @Nullable String otherMember) {
			this.delegate = delegate;
			this.members = (otherMember != null) ? Set.of(member, otherMember) : Set.of(member);
			this.ownMembersOnly = otherMember != null;
		}

		@Override
		public boolean isMember(String name) {
			return this.members.contains(name) || (!this.ownMembersOnly && this.delegate.isMember(name));
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.delegate.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.delegate.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.delegate.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.delegate.getHttpCodeStatusMapper();
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.ownMembersOnly ? null : this.delegate.getAdditionalPath();
		}

	}

}
