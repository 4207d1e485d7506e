package io.bluegreen.cli.connect;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Reads the end offsets of topic partitions from Kafka, for the lag of sink connectors.
 *
 * @author bluegreen
 */
final class EndOffsets {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final Properties config = new Properties();

	/**
	 * Create a reader.
	 * @param bootstrapServers the brokers
	 * @param commandConfig a properties file with the client's security settings, or
	 * {@code null}
	 * @throws IOException if the file cannot be read
	 */
	EndOffsets(String bootstrapServers, @Nullable Path commandConfig) throws IOException {
		if (commandConfig != null) {
			try (Reader reader = Files.newBufferedReader(commandConfig)) {
				this.config.load(reader);
			}
		}
		this.config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		this.config.put(AdminClientConfig.CLIENT_ID_CONFIG, "bluegreen-cli");
	}

	/**
	 * Read the end offsets of partitions.
	 * @param partitions the partitions
	 * @return the end offset of each
	 * @throws IllegalStateException if Kafka did not answer in time
	 * @throws InterruptedException if interrupted
	 */
	Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) throws InterruptedException {
		if (partitions.isEmpty()) {
			return Map.of();
		}
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		partitions.forEach((partition) -> latest.put(partition, OffsetSpec.latest()));
		try (Admin admin = Admin.create(this.config)) {
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest)
				.all()
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			Map<TopicPartition, Long> offsets = new HashMap<>();
			ends.forEach((partition, info) -> offsets.put(partition, info.offset()));
			return offsets;
		}
		catch (ExecutionException | TimeoutException | KafkaException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			throw new IllegalStateException("cannot read end offsets from "
					+ this.config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + cause, ex);
		}
	}

}
