package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the guard closes its consumer: a static member ({@code group.instance.id}) whose
 * container stops leaves its group, whichever {@code close} the container calls, since a
 * static member otherwise stays a member until {@code session.timeout.ms} expires and a
 * switch waits for it. Every other consumer closes as asked.
 *
 * @author bluegreen
 */
class GuardedConsumerCloseTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(7);

	private static final TopicPartition P0 = new TopicPartition("orders", 0);

	private final TestGuardHost host = new TestGuardHost();

	@Test
	void aStoppingStaticMemberLeavesItsGroupOnClose() {
		ClosingConsumer kafka = new ClosingConsumer("blue-1-0");
		GuardedConsumer guard = stopping(kafka);
		guard.close();
		assertThat(kafka.closes).containsExactly(new Close(GroupMembershipOperation.LEAVE_GROUP, null));
		assertThat(this.host.closed).isEqualTo(1);
	}

	@Test
	void aStoppingStaticMemberLeavesItsGroupOnACloseWithATimeout() {
		ClosingConsumer kafka = new ClosingConsumer("blue-1-0");
		GuardedConsumer guard = stopping(kafka);
		guard.close(TIMEOUT);
		assertThat(kafka.closes).containsExactly(new Close(GroupMembershipOperation.LEAVE_GROUP, TIMEOUT));
		assertThat(this.host.closed).isEqualTo(1);
	}

	@Test
	void aStoppingStaticMemberLeavesItsGroupOnACloseWithDefaultOptions() {
		ClosingConsumer kafka = new ClosingConsumer("blue-1-0");
		GuardedConsumer guard = stopping(kafka);
		guard.close(CloseOptions.timeout(TIMEOUT));
		assertThat(kafka.closes).containsExactly(new Close(GroupMembershipOperation.LEAVE_GROUP, TIMEOUT));
		assertThat(this.host.closed).isEqualTo(1);
	}

	@Test
	void aStoppingStaticMemberToldToRemainInItsGroupRemains() {
		ClosingConsumer kafka = new ClosingConsumer("blue-1-0");
		GuardedConsumer guard = stopping(kafka);
		guard.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP));
		assertThat(kafka.closes).containsExactly(new Close(GroupMembershipOperation.REMAIN_IN_GROUP, null));
	}

	@Test
	void aStoppingStaticMemberDoesNotUnsubscribeBeforeItLeaves() {
		// An unsubscribe resets the member: the close would then have nothing to leave
		ClosingConsumer kafka = new ClosingConsumer("blue-1-0");
		GuardedConsumer guard = stopping(kafka);
		guard.unsubscribe();
		assertThat(kafka.assignment()).containsExactly(P0);
	}

	@Test
	void aStaticMemberWhoseContainerRunsClosesAsAsked() {
		ClosingConsumer kafka = new ClosingConsumer("blue-1-0");
		GuardedConsumer guard = new GuardedConsumer(kafka, this.host);
		guard.close();
		guard.close(TIMEOUT);
		guard.close(CloseOptions.timeout(TIMEOUT));
		assertThat(kafka.closes).containsExactly(new Close(null, null), new Close(null, TIMEOUT),
				new Close(GroupMembershipOperation.DEFAULT, TIMEOUT));
	}

	@Test
	void aStoppingDynamicMemberClosesAsAsked() {
		ClosingConsumer kafka = new ClosingConsumer(null);
		GuardedConsumer guard = stopping(kafka);
		guard.unsubscribe();
		guard.close();
		guard.close(TIMEOUT);
		assertThat(kafka.assignment()).isEmpty();
		assertThat(kafka.closes).containsExactly(new Close(null, null), new Close(null, TIMEOUT));
	}

	private GuardedConsumer stopping(ClosingConsumer kafka) {
		this.host.stopping = true;
		return new GuardedConsumer(kafka, this.host);
	}

	/**
	 * One close of the consumer: the group membership operation it was given, if any, and
	 * its timeout, if any.
	 */
	record Close(@Nullable GroupMembershipOperation operation, @Nullable Duration timeout) {

	}

	/**
	 * A consumer of a group, static if it has a {@code group.instance.id}, assigned one
	 * partition, that records how it is closed.
	 */
	static final class ClosingConsumer extends MockConsumer<Object, Object> {

		private final @Nullable String groupInstanceId;

		final List<Close> closes = new ArrayList<>();

		ClosingConsumer(@Nullable String groupInstanceId) {
			super("earliest");
			this.groupInstanceId = groupInstanceId;
			assign(List.of(P0));
		}

		@Override
		public ConsumerGroupMetadata groupMetadata() {
			return new ConsumerGroupMetadata("orders-blue", 1, "member-1", Optional.ofNullable(this.groupInstanceId));
		}

		@Override
		public void close() {
			this.closes.add(new Close(null, null));
		}

		@Override
		public synchronized void close(Duration timeout) {
			this.closes.add(new Close(null, timeout));
		}

		@Override
		public void close(CloseOptions option) {
			this.closes.add(new Close(option.groupMembershipOperation(), option.timeout().orElse(null)));
		}

	}

}
