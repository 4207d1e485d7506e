package io.bluegreen.kafka.consumer;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.bluegreen.kafka.broker.BrokerMetadata;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.lifecycle.TransitionResult.Outcome;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Load;
import io.bluegreen.test.OrdersTestApplication.AuditListener;
import io.bluegreen.test.RecordLog;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two listeners in two groups whose consumers share one client id, as with
 * {@code spring.kafka.consumer.client-id}: each consumer is known by the container that
 * owns it, not by its client id. Before, the consumers of both listeners had the same
 * key, a drain read the position of another listener's consumer from the wrong thread,
 * and the pause never completed.
 */
class ConsumerIdentityIntegrationTests {

	private static final int PARTITIONS = 2;

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void listenersSharingAClientIdPauseWithExactlyWhatEachProcessed(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("identity", PARTITIONS);
		String orders = EmbeddedBroker.uniqueName("orders");
		String audit = EmbeddedBroker.uniqueName("audit");
		try (Load load = new Load(topic, PARTITIONS);
				ConfigurableApplicationContext app = PausedByConstructionIntegrationTests.start(protocol, topic, orders,
						"spring.kafka.consumer.client-id=orders-app", "test.audit.group=" + audit,
						"test.concurrency=3")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			RecordLog ordersLog = app.getBean(RecordLog.class);
			RecordLog auditLog = app.getBean(AuditListener.class).log;
			load.startContinuous(2);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> ordersLog.countsByPartition().size() == PARTITIONS
						&& auditLog.countsByPartition().size() == PARTITIONS);

			TransitionResult paused = lifecycle.request(LifecycleState.PAUSED).get();

			assertThat(paused.outcome()).as(paused.status().toString()).isEqualTo(Outcome.COMPLETED);
			Map<TopicPartition, Long> ordersAtPause = ordersLog.nextOffsets();
			Map<TopicPartition, Long> auditAtPause = auditLog.nextOffsets();
			assertThat(EmbeddedBroker.committed(orders)).containsAllEntriesOf(ordersAtPause);
			assertThat(EmbeddedBroker.committed(audit)).containsAllEntriesOf(auditAtPause);
			assertThat(app.getBean(PausePositions.class).byGroup()).containsEntry(orders, ordersAtPause)
				.containsEntry(audit, auditAtPause);
			// Every member of both groups, the one
			// without partitions too, is known by its id
			Set<String> members = new HashSet<>();
			BrokerMetadata metadata = app.getBean(BrokerMetadata.class);
			metadata.describe(orders).members().forEach((member) -> members.add(member.memberId()));
			metadata.describe(audit).members().forEach((member) -> members.add(member.memberId()));
			assertThat(members).hasSize(4);
			assertThat(app.getBean(PausePositions.class).memberIds()).isEqualTo(members);

			assertThat(lifecycle.request(LifecycleState.ACTIVE).get().status().state())
				.isEqualTo(LifecycleState.ACTIVE);
			load.stop();
			Map<TopicPartition, Long> end = load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> ordersLog.nextOffsets().equals(end) && auditLog.nextOffsets().equals(end));
			KafkaLifecycleIntegrationTests.assertExactlyOnceInOrder(ordersLog);
			KafkaLifecycleIntegrationTests.assertExactlyOnceInOrder(auditLog);
		}
	}

	/**
	 * Two listeners in one group on one topic share its partitions: the drain of each
	 * proves its own consumers, and together they account for every record once.
	 */
	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void listenersSharingAGroupPauseWithExactlyWhatTheyProcessed(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("shared", 4);
		String group = EmbeddedBroker.uniqueName("orders");
		try (Load load = new Load(topic, 4);
				ConfigurableApplicationContext app = PausedByConstructionIntegrationTests.start(protocol, topic, group,
						"test.audit.group=" + group, "test.style=batch")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			RecordLog ordersLog = app.getBean(RecordLog.class);
			RecordLog auditLog = app.getBean(AuditListener.class).log;
			load.startContinuous(2);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> ordersLog.count() > 20 && auditLog.count() > 20);

			TransitionResult paused = lifecycle.request(LifecycleState.PAUSED).get();

			assertThat(paused.outcome()).as(paused.status().toString()).isEqualTo(Outcome.COMPLETED);
			Map<TopicPartition, Long> processed = both(ordersLog, auditLog).nextOffsets();
			assertThat(EmbeddedBroker.committed(group)).containsAllEntriesOf(processed);
			int countAtPause = ordersLog.count() + auditLog.count();
			assertThat(lifecycle.request(LifecycleState.ACTIVE).get().status().state())
				.isEqualTo(LifecycleState.ACTIVE);
			load.stop();
			Map<TopicPartition, Long> end = load.endOffsets();
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> both(ordersLog, auditLog).nextOffsets().equals(end));
			assertThat(ordersLog.count() + auditLog.count()).isGreaterThan(countAtPause);
			KafkaLifecycleIntegrationTests.assertExactlyOnceInOrder(both(ordersLog, auditLog));
		}
	}

	/**
	 * The records of two logs, in the order each partition's records were processed: a
	 * partition moves between the listeners only through a rebalance, which commits
	 * first.
	 */
	private static RecordLog both(RecordLog first, RecordLog second) {
		RecordLog both = new RecordLog();
		java.util.List<RecordLog.Processed> all = new java.util.ArrayList<>(first.all());
		all.addAll(second.all());
		all.sort(java.util.Comparator.comparingLong(RecordLog.Processed::nanos));
		all.forEach((processed) -> both.add(new org.apache.kafka.clients.consumer.ConsumerRecord<>(
				processed.partition().topic(), processed.partition().partition(), processed.offset(), "k", "v")));
		return both;
	}

}
