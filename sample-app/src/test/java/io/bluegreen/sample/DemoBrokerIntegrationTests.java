package io.bluegreen.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's broker deletes its directory once it has stopped. Kafka's test kit deletes
 * it in a JVM shutdown hook of its own, which ran at the same time as the demo's on every
 * Ctrl-C and pulled the directory from under the running broker: three ERRORs and a
 * hundred warnings, depending on which hook came first.
 */
class DemoBrokerIntegrationTests {

	@Test
	void leavesNoShutdownHookAndDeletesItsDirectoryOnceStopped() throws Exception {
		List<String> hooks = new CopyOnWriteArrayList<>();
		Exit.setShutdownHookAdder((name, hook) -> hooks.add(name));
		DemoBroker broker;
		try {
			broker = DemoBroker.start();
		}
		finally {
			Exit.resetShutdownHookAdder();
		}
		Path directory;
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
			ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "0");
			String logDirs = admin.describeConfigs(List.of(node))
				.all()
				.get(30, TimeUnit.SECONDS)
				.get(node)
				.get("log.dirs")
				.value();
			directory = Path.of(logDirs.split(",")[0]);
			assertThat(directory).as("the broker's directory while it runs").isDirectory();
		}
		finally {
			broker.stop();
		}

		assertThat(hooks).as("JVM shutdown hooks of the broker").isEmpty();
		assertThat(Files.exists(directory)).as("the broker's directory %s after stop", directory).isFalse();
	}

}
