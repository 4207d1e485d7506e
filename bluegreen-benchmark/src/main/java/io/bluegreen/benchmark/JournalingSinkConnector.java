package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The sink connector of the connect scenario: its tasks journal every record they
 * receive in the scenario's {@link Journal}, with the connector's color, the way the
 * benchmark's listeners do.
 *
 * @author bluegreen
 */
public class JournalingSinkConnector extends SinkConnector {

	/** The configuration key naming the journal, as registered with {@link #register}. */
	static final String JOURNAL = "benchmark.journal";

	/** The configuration key of the connector's color. */
	static final String COLOR = "benchmark.color";

	// The worker runs in the benchmark's JVM: its tasks find the journal by name
	private static final Map<String, Journal> JOURNALS = new ConcurrentHashMap<>();

	private static final Map<String, TaskEvents> EVENTS = new ConcurrentHashMap<>();

	private Map<String, String> config = Map.of();

	/**
	 * Make a journal known to the tasks of connectors configured with its name.
	 * @param name the name
	 * @param journal the journal
	 */
	static void register(String name, Journal journal, TaskEvents events) {
		JOURNALS.put(name, journal);
		EVENTS.put(name, events);
	}

	static void unregister(String name) {
		JOURNALS.remove(name);
		EVENTS.remove(name);
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
		// the worker's consumer group holds the offsets: nothing of the connector's own to change
		return true;
	}

	@Override
	public void stop() {
	}

	@Override
	public ConfigDef config() {
		return new ConfigDef()
			.define(JOURNAL, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "The journal the tasks write to.")
			.define(COLOR, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "The color the journal records.");
	}

	@Override
	public String version() {
		return "1";
	}

	/**
	 * Journals what it receives.
	 */
	public static class JournalingSinkTask extends SinkTask {

		private Journal journal = new Journal();

		private TaskEvents events = new TaskEvents();

		private String color = "";

		private String instance = "";

		@Override
		public void start(Map<String, String> props) {
			Journal journal = JOURNALS.get(props.get(JOURNAL));
			TaskEvents events = EVENTS.get(props.get(JOURNAL));
			if (journal == null || events == null) {
				throw new IllegalStateException("No journal registered as '" + props.get(JOURNAL) + "'");
			}
			this.journal = journal;
			this.events = events;
			this.color = props.getOrDefault(COLOR, "");
			this.instance = props.getOrDefault("name", "");
			// the worker calls start() before its consumer subscribes and joins the group
			this.events.add(this.color, TaskEvents.Kind.STARTED);
		}

		@Override
		public void open(Collection<TopicPartition> partitions) {
			// the consumer joined the group and was assigned these partitions
			if (!partitions.isEmpty()) {
				this.events.add(this.color, TaskEvents.Kind.ASSIGNED);
			}
		}

		@Override
		public void put(Collection<SinkRecord> records) {
			for (SinkRecord record : records) {
				this.journal.add(record.originalKafkaPartition(), record.originalKafkaOffset(), this.color,
						this.instance);
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
