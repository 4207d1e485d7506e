package io.bluegreen.console.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.bluegreen.test.EmbeddedBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lag of a group on the embedded broker, in records and in time, from the records'
 * own timestamps.
 */
class LagReaderIntegrationTests {

	@Test
	void readsTheLagOfEveryCommittedPartitionInRecordsAndTime() throws Exception {
		String topic = EmbeddedBroker.createTopic("lag", 2);
		String group = EmbeddedBroker.uniqueName("lag-group");
		long start = System.currentTimeMillis() - 60_000;
		try (KafkaProducer<String, String> producer = EmbeddedBroker.producer()) {
			// Partition 0: four records, one second apart; partition 1: one record
			for (int i = 0; i < 4; i++) {
				producer.send(new ProducerRecord<>(topic, 0, start + i * 1000L, "k", "v" + i)).get();
			}
			producer.send(new ProducerRecord<>(topic, 1, start, "k", "v")).get();
		}
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers()))) {
			admin
				.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1),
						new TopicPartition(topic, 1), new OffsetAndMetadata(1)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}

		try (LagReader reader = new LagReader(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.bootstrapServers()))) {
			List<GroupLag> lags = reader.read(List.of(group, "no-such-group-" + group));

			GroupLag lag = lags.get(0);
			assertThat(lag.group()).isEqualTo(group);
			assertThat(lag.problem()).isNull();
			assertThat(lag.partitions()).containsExactly(
					// Behind by the records at offsets 1, 2
					// and 3: from the second to the fourth
					new GroupLag.PartitionLag(topic, 0, 1, 4, Duration.ofSeconds(2)),
					new GroupLag.PartitionLag(topic, 1, 1, 1, Duration.ZERO));
			assertThat(lag.totalRecords()).isEqualTo(3);
			assertThat(lags.get(1).partitions()).as("a group that committed nothing").isEmpty();
		}
	}

}
