package io.bluegreen.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The demo's web console: the {@code bluegreen-console} jar, built by the reactor, run in
 * a JVM of its own next to the instances (its web security must not reach the sample's
 * classpath), with a demo operator who may switch. Its log goes to a file.
 *
 * @author bluegreen
 */
final class DemoWebConsole {

	private static final int DEFAULT_PORT = 8090;

	private static final Path JARS = Path.of("..", "bluegreen-console", "target");

	private final Process process;

	private final String url;

	private DemoWebConsole(Process process, String url) {
		this.process = process;
		this.url = url;
	}

	/**
	 * Start the console, if its jar was built.
	 * @param bootstrapServers the demo's broker
	 * @param freePort whether to take a free port instead of 8090, as the tests do
	 * @return the console, or empty if there is no jar to run
	 * @throws IOException if it cannot be started
	 */
	static Optional<DemoWebConsole> start(String bootstrapServers, boolean freePort) throws IOException {
		Path jar = jar();
		if (jar == null) {
			return Optional.empty();
		}
		int port = freePort ? freePort() : DEFAULT_PORT;
		Path log = Files.createDirectories(Path.of("target")).resolve("demo-console.log");
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--server.port=" + port,
				"--spring.kafka.bootstrap-servers=" + bootstrapServers, "--spring.security.user.name=demo",
				"--spring.security.user.password=demo", "--spring.security.user.roles=BLUEGREEN_OPERATOR",
				"--spring.main.banner-mode=off")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return Optional.of(new DemoWebConsole(process, "http://localhost:" + port));
	}

	private static @Nullable Path jar() throws IOException {
		if (!Files.isDirectory(JARS)) {
			return null;
		}
		try (Stream<Path> files = Files.list(JARS)) {
			return files.filter((file) -> file.getFileName().toString().matches("bluegreen-console-.*\\.jar"))
				.findFirst()
				.orElse(null);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	String url() {
		return this.url;
	}

	void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
