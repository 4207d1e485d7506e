package io.bluegreen.cli.connect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A real sink connector for the tests: every record its tasks receive is appended, with
 * the connector's name, to one journal of the JVM, in the order received. With
 * {@code journal.reject-offsets=true} it rejects any change of its offsets, the way a
 * connector that manages its own offsets would.
 */
public class JournalSinkConnector extends SinkConnector {

	/** Every record delivered to any task of any journal connector, in delivery order. */
	public static final ConcurrentLinkedQueue<Entry> JOURNAL = new ConcurrentLinkedQueue<>();

	private Map<String, String> config = Map.of();

	@Override
	public void start(Map<String, String> props) {
		this.config = props;
	}

	@Override
	public Class<? extends Task> taskClass() {
		return JournalSinkTask.class;
	}

	@Override
	public List<Map<String, String>> taskConfigs(int maxTasks) {
		List<Map<String, String>> configs = new ArrayList<>();
		for (int i = 0; i < maxTasks; i++) {
			configs.add(this.config);
		}
		return configs;
	}

	@Override
	public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
		if (Boolean.parseBoolean(connectorConfig.get("journal.reject-offsets"))) {
			throw new ConnectException("journal connector " + connectorConfig.get("name") + " rejects offsets");
		}
		return true;
	}

	@Override
	public void stop() {
	}

	@Override
	public ConfigDef config() {
		return new ConfigDef().define("journal.reject-offsets", ConfigDef.Type.BOOLEAN, false,
				ConfigDef.Importance.LOW, "Whether to reject every change of the offsets.");
	}

	@Override
	public String version() {
		return "1";
	}

	/**
	 * One record as a connector received it.
	 *
	 * @param connector the connector's name
	 * @param topic the topic
	 * @param partition the partition
	 * @param offset the offset
	 */
	public record Entry(String connector, String topic, int partition, long offset) {

	}

	/**
	 * Appends what it receives to the journal.
	 */
	public static class JournalSinkTask extends SinkTask {

		private String connector = "";

		@Override
		public void start(Map<String, String> props) {
			this.connector = props.get("name");
		}

		@Override
		public void put(Collection<SinkRecord> records) {
			for (SinkRecord record : records) {
				JOURNAL.add(new Entry(this.connector, record.originalTopic(), record.originalKafkaPartition(),
						record.originalKafkaOffset()));
			}
		}

		@Override
		public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
		}

		@Override
		public void stop() {
		}

		@Override
		public String version() {
			return "1";
		}

	}

}
