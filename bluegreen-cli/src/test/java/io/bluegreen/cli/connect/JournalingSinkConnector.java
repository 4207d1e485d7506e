package io.bluegreen.cli.connect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A real sink connector that journals what its tasks receive, for the connector switch
 * tests and the benchmark's Connect scenario: its tasks hand every record, in the order
 * received, and the moments they start and are assigned partitions, with the connector's
 * name, to the {@link Journal} registered under the name the connector is configured with
 * ({@value #JOURNAL}). The worker runs in the same JVM. With {@value #REJECT_OFFSETS}
 * {@code =true} it rejects any change of its offsets, the way a connector that manages
 * its own offsets would.
 */
public class JournalingSinkConnector extends SinkConnector {

	/** The configuration key naming the journal, as registered with {@link #register}. */
	public static final String JOURNAL = "journal.name";

	/** The configuration key of whether to reject every change of the offsets. */
	public static final String REJECT_OFFSETS = "journal.reject-offsets";

	private static final Map<String, Journal> JOURNALS = new ConcurrentHashMap<>();

	private Map<String, String> config = Map.of();

	/**
	 * Make a journal known to the tasks of connectors configured with its name.
	 * @param name the name
	 * @param journal the journal
	 */
	public static void register(String name, Journal journal) {
		JOURNALS.put(name, journal);
	}

	/**
	 * Forget a journal.
	 * @param name the name it was registered under
	 */
	public static void unregister(String name) {
		JOURNALS.remove(name);
	}

	@Override
	public void start(Map<String, String> props) {
		this.config = props;
	}

	@Override
	public Class<? extends Task> taskClass() {
		return JournalingSinkTask.class;
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
		if (Boolean.parseBoolean(connectorConfig.get(REJECT_OFFSETS))) {
			throw new ConnectException("journal connector " + connectorConfig.get("name") + " rejects offsets");
		}
		// the worker's consumer group holds the offsets:
		// nothing of the connector's own to change
		return true;
	}

	@Override
	public void stop() {
	}

	@Override
	public ConfigDef config() {
		return new ConfigDef()
			.define(JOURNAL, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "The journal the tasks write to.")
			.define(REJECT_OFFSETS, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW,
					"Whether to reject every change of the offsets.");
	}

	@Override
	public String version() {
		return "1";
	}

	/**
	 * Where the tasks of a connector journal what they receive; called on the tasks'
	 * threads.
	 */
	public interface Journal {

		/**
		 * A task started; its consumer has not joined its group yet.
		 * @param connector the connector's name
		 */
		default void started(String connector) {
		}

		/**
		 * A task's consumer joined its group and was assigned partitions.
		 * @param connector the connector's name
		 * @param partitions the partitions, never empty
		 */
		default void assigned(String connector, Collection<TopicPartition> partitions) {
		}

		/**
		 * A task received a record.
		 * @param connector the connector's name
		 * @param record the record
		 */
		void received(String connector, SinkRecord record);

	}

	/**
	 * Journals what it receives.
	 */
	public static class JournalingSinkTask extends SinkTask {

		private Journal journal = (connector, record) -> {
		};

		private String connector = "";

		@Override
		public void start(Map<String, String> props) {
			Journal journal = JOURNALS.get(props.get(JOURNAL));
			if (journal == null) {
				throw new IllegalStateException("No journal registered as '" + props.get(JOURNAL) + "'");
			}
			this.journal = journal;
			this.connector = props.getOrDefault("name", "");
			// the worker calls start() before its consumer subscribes and joins the group
			this.journal.started(this.connector);
		}

		@Override
		public void open(Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty()) {
				this.journal.assigned(this.connector, partitions);
			}
		}

		@Override
		public void put(Collection<SinkRecord> records) {
			for (SinkRecord record : records) {
				this.journal.received(this.connector, record);
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
