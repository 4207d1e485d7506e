package io.bluegreen.cli.connect;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A source connector that produces nothing, for the refusal of source connectors.
 */
public class IdleSourceConnector extends SourceConnector {

	@Override
	public void start(Map<String, String> props) {
	}

	@Override
	public Class<? extends Task> taskClass() {
		return IdleSourceTask.class;
	}

	@Override
	public List<Map<String, String>> taskConfigs(int maxTasks) {
		return Collections.nCopies(maxTasks, Map.of());
	}

	@Override
	public void stop() {
	}

	@Override
	public ConfigDef config() {
		return new ConfigDef();
	}

	@Override
	public String version() {
		return "1";
	}

	/**
	 * Waits, and produces nothing.
	 */
	public static class IdleSourceTask extends SourceTask {

		@Override
		public void start(Map<String, String> props) {
		}

		@Override
		public List<SourceRecord> poll() throws InterruptedException {
			Thread.sleep(100);
			return null;
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
