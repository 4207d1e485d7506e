package io.bluegreen.kafka.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.bluegreen.test.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClassicGroupsOptions;
import org.apache.kafka.clients.admin.DescribeClassicGroupsResult;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListGroupsResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Describing consumer groups against a real broker, under both group protocols: a group
 * that does not exist yet, as at a deployment's first start, is told apart without an
 * error from Kafka's admin client, and once it exists it is described with its own
 * protocol's request alone, the one request of a switch's check of the old color's
 * groups.
 */
@ExtendWith(OutputCaptureExtension.class)
class BrokerMetadataIntegrationTests {

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private final BrokerMetadata brokerMetadata = new BrokerMetadata(() -> new CountingAdmin(
			Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers())));

	/**
	 * Group requests to a broker that just started wait until its group coordinator has
	 * loaded; an offset commit waits for that.
	 */
	@BeforeAll
	static void coordinatorLoaded() throws Exception {
		String topic = EmbeddedBroker.createTopic("coordinator", 1);
		try (Admin admin = EmbeddedBroker.admin()) {
			admin
				.alterConsumerGroupOffsets(EmbeddedBroker.uniqueName("coordinator"),
						Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)))
				.all()
				.get(60, TimeUnit.SECONDS);
		}
	}

	@AfterEach
	void close() {
		this.brokerMetadata.destroy();
	}

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void aGroupThatDoesNotExistYetIsToldApartWithoutAnErrorOfTheAdminClient(String protocol, CapturedOutput output) {
		String group = EmbeddedBroker.uniqueName("absent");

		assertThatIllegalStateException().isThrownBy(() -> this.brokerMetadata.describe(group))
			.withRootCauseInstanceOf(GroupIdNotFoundException.class)
			.withMessageContaining(group);

		assertThat(count("describeClassicGroups")).as("classic describes of a group that does not exist").isZero();
		assertThat(count("describeConsumerGroups")).as("consumer describes of a group that does not exist").isZero();
		assertThat(output).doesNotContain("DescribeConsumerGroupsHandler").doesNotContain(group + " because");
	}

	/**
	 * Regression test of the group described before it existed, at a deployment's first
	 * start, that was taken for a consumer-protocol group from then on: each later
	 * description of a classic group cost a consumer describe that the broker refused,
	 * and the admin client's retry of it with the classic request after its back-off, on
	 * every switch.
	 */
	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void aGroupDescribedBeforeItExistedIsDescribedWithItsOwnProtocolsRequestAlone(String protocol,
			CapturedOutput output) {
		String topic = EmbeddedBroker.createTopic("described", 2);
		String group = EmbeddedBroker.uniqueName("described");
		assertThatIllegalStateException().isThrownBy(() -> this.brokerMetadata.describe(group))
			.withRootCauseInstanceOf(GroupIdNotFoundException.class);

		try (KafkaConsumer<String, String> consumer = join(group, topic, protocol)) {
			String memberId = consumer.groupMetadata().memberId();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				BrokerMetadata.ConsumerGroup described = this.brokerMetadata.describe(group);
				assertThat(described.stable()).isTrue();
				assertThat(described.members()).singleElement()
					.satisfies((member) -> assertThat(member.memberId()).isEqualTo(memberId));
			});
			this.requests.clear();

			BrokerMetadata.ConsumerGroup described = this.brokerMetadata.describe(group);

			assertThat(described.members()).singleElement()
				.satisfies((member) -> assertThat(member.assignment()).hasSize(2));
			String own = protocol.equals("classic") ? "describeClassicGroups" : "describeConsumerGroups";
			String other = protocol.equals("classic") ? "describeConsumerGroups" : "describeClassicGroups";
			assertThat(count(own)).as(own).isOne();
			assertThat(count(other)).as(other).isZero();
			assertThat(count("listGroups")).as("listGroups").isZero();
		}
		assertThat(output).doesNotContain("DescribeConsumerGroupsHandler");
	}

	private KafkaConsumer<String, String> join(String group, String topic, String protocol) {
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				EmbeddedBroker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, group,
				ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		consumer.subscribe(List.of(topic));
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			consumer.poll(Duration.ofMillis(100));
			return consumer.assignment().size() == 2;
		});
		return consumer;
	}

	private int count(String request) {
		AtomicInteger count = this.requests.get(request);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * An admin client that counts the group requests made through it.
	 */
	private final class CountingAdmin extends ForwardingAdmin {

		CountingAdmin(Map<String, Object> configs) {
			super(configs);
		}

		private void count(String request) {
			BrokerMetadataIntegrationTests.this.requests.computeIfAbsent(request, (name) -> new AtomicInteger())
				.incrementAndGet();
		}

		@Override
		public DescribeClassicGroupsResult describeClassicGroups(Collection<String> groupIds,
				DescribeClassicGroupsOptions options) {
			count("describeClassicGroups");
			return super.describeClassicGroups(groupIds, options);
		}

		@Override
		public DescribeConsumerGroupsResult describeConsumerGroups(Collection<String> groupIds,
				DescribeConsumerGroupsOptions options) {
			count("describeConsumerGroups");
			return super.describeConsumerGroups(groupIds, options);
		}

		@Override
		public ListGroupsResult listGroups(ListGroupsOptions options) {
			count("listGroups");
			return super.listGroups(options);
		}

	}

}
