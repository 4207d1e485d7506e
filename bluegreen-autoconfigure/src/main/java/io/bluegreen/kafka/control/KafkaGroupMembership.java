package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.bluegreen.fleet.GroupMembership;
import io.bluegreen.kafka.broker.BrokerMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The members of the colors' consumer groups in Kafka, as the groups' coordinators
 * describe them, asked on the {@link BrokerCalls}' I/O executor.
 *
 * @author bluegreen
 */
public class KafkaGroupMembership implements GroupMembership {

	private final BrokerMetadata brokerMetadata;

	private final BrokerCalls calls;

	private final Supplier<@Nullable Duration> sessionTimeout;

	/**
	 * Create a new instance whose session timeout is not known.
	 * @param brokerMetadata describer of consumer groups
	 * @param calls runs the descriptions, which wait for the broker
	 */
	public KafkaGroupMembership(BrokerMetadata brokerMetadata, BrokerCalls calls) {
		this(brokerMetadata, calls, () -> null);
	}

	/**
	 * Create a new instance.
	 * @param brokerMetadata describer of consumer groups
	 * @param calls runs the descriptions, which wait for the broker
	 * @param sessionTimeout the session timeout of the members of the colors' groups, or
	 * {@code null} if it is not known
	 */
	public KafkaGroupMembership(BrokerMetadata brokerMetadata, BrokerCalls calls,
			Supplier<@Nullable Duration> sessionTimeout) {
		this.brokerMetadata = brokerMetadata;
		this.calls = calls;
		this.sessionTimeout = sessionTimeout;
	}

	@Override
	public CompletableFuture<Set<String>> memberIds(String group) {
		return this.calls.supply(() -> memberIdsNow(group));
	}

	private Set<String> memberIdsNow(String group) {
		try {
			Set<String> memberIds = new HashSet<>();
			this.brokerMetadata.describe(group).members().forEach((member) -> memberIds.add(member.memberId()));
			return memberIds;
		}
		catch (IllegalStateException ex) {
			if (BrokerMetadata.isGroupNotFound(ex)) {
				// A group no consumer of the color ever joined has no member
				return Set.of();
			}
			throw ex;
		}
	}

	@Override
	public @Nullable Duration sessionTimeout() {
		return this.sessionTimeout.get();
	}

}
