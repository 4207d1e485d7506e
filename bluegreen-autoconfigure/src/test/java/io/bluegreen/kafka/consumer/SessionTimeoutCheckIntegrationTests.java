package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.Map;

import io.bluegreen.autoconfigure.BlueGreenProperties;
import io.bluegreen.kafka.broker.BrokerMetadata;
import io.bluegreen.test.EmbeddedBroker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch timeout checked against the session timeout of the consumers, the client's
 * under the classic protocol and the broker's under the consumer protocol.
 */
class SessionTimeoutCheckIntegrationTests {

	private static final Duration DEFAULT_SWITCH_TIMEOUT = new BlueGreenProperties().getFleet().getSwitchTimeout();

	@Test
	void theDefaultSwitchTimeoutOutlastsTheDefaultSessionTimeoutOfBothProtocols() {
		BrokerMetadata brokerMetadata = new BrokerMetadata(EmbeddedBroker::admin);
		try {
			SessionTimeoutCheck.SessionTimeout classic = new SessionTimeoutCheck(DEFAULT_SWITCH_TIMEOUT, Map.of(),
					brokerMetadata)
				.sessionTimeout();
			SessionTimeoutCheck.SessionTimeout consumer = new SessionTimeoutCheck(DEFAULT_SWITCH_TIMEOUT,
					Map.of("group.protocol", "CONSUMER"), brokerMetadata)
				.sessionTimeout();

			assertThat(classic.value()).isEqualTo(Duration.ofSeconds(45));
			assertThat(classic.source()).contains("session.timeout.ms");
			assertThat(consumer.value()).as("the broker's group.consumer.session.timeout.ms")
				.isEqualTo(Duration.ofSeconds(45));
			assertThat(consumer.source()).contains("group.consumer.session.timeout.ms");
			assertThat(SessionTimeoutCheck.problem(DEFAULT_SWITCH_TIMEOUT, classic)).isNull();
			assertThat(SessionTimeoutCheck.problem(DEFAULT_SWITCH_TIMEOUT, consumer)).isNull();
		}
		finally {
			brokerMetadata.destroy();
		}
	}

	@Test
	void aSwitchTimeoutThatGivesUpBeforeACrashedMemberLeavesIsReportedWithWhatToChange() {
		SessionTimeoutCheck.SessionTimeout session = new SessionTimeoutCheck.SessionTimeout(Duration.ofSeconds(45),
				"the consumers' session.timeout.ms (group.protocol=classic)");

		String problem = SessionTimeoutCheck.problem(Duration.ofSeconds(30), session);

		assertThat(problem).contains("bluegreen.fleet.switch-timeout=30s waits 27000 ms")
			.contains("session timeout 45000 ms (the consumers' session.timeout.ms")
			.contains("Set bluegreen.fleet.switch-timeout to at least 56s");
		assertThat(SessionTimeoutCheck.problem(Duration.ofSeconds(56), session)).isNull();
	}

	@Test
	void aClientSessionTimeoutIsReadFromTheConsumerConfiguration() {
		SessionTimeoutCheck check = new SessionTimeoutCheck(Duration.ofSeconds(15),
				Map.of("session.timeout.ms", "6000"), new BrokerMetadata(EmbeddedBroker::admin));

		assertThat(check.sessionTimeout().value()).isEqualTo(Duration.ofSeconds(6));
		assertThat(SessionTimeoutCheck.problem(Duration.ofSeconds(15), check.sessionTimeout())).isNull();
	}

}
