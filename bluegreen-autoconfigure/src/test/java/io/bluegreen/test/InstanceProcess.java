package io.bluegreen.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.InstanceReport;

/**
 * An application instance in a JVM of its own, started with the test JVM's java binary
 * and class path, that a test can kill with {@code SIGKILL}: no shutdown hook runs, no
 * offset is committed, no consumer leaves its group. Its output goes to a log file.
 */
public final class InstanceProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private InstanceProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Start the main class of an application in a new JVM.
	 * @param mainClass the class whose {@code main} to run
	 * @param log the file the process writes its output to
	 * @param arguments the arguments of {@code main}
	 * @return the running process
	 * @throws IOException if the process cannot be started
	 */
	public static InstanceProcess start(Class<?> mainClass, Path log, List<String> arguments) throws IOException {
		Files.createDirectories(log.toAbsolutePath().getParent());
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						// As the test JVMs: less CPU spent compiling on a short run
						"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new InstanceProcess(process, log);
	}

	/**
	 * Wait until the fleet, as another instance sees it, counts this instance as live
	 * with consumers in its groups.
	 * @param observer the fleet service of another instance of the deployment
	 * @param instanceId the id of this instance
	 */
	public void awaitLive(FleetService observer, String instanceId) {
		// A JVM of its own starts slowly on a busy machine
		Awaitility.await()
			.atMost(EmbeddedBroker.waitCeiling().multipliedBy(3))
			.failFast("instance process " + instanceId + " exited; see " + this.log, () -> !this.process.isAlive())
			.until(() -> observer.status()
				.instances()
				.stream()
				.anyMatch((report) -> report.instanceId().equals(instanceId) && hasMembers(report)));
	}

	private static boolean hasMembers(InstanceReport report) {
		return !report.members().isEmpty() && report.members().stream().noneMatch(String::isEmpty);
	}

	/**
	 * Kill the process with {@code SIGKILL} and wait until it is gone.
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/**
	 * Stop the process with {@code SIGTERM}, as an orchestrator stops a pod, and wait
	 * until it is gone: its shutdown hook closes the application context.
	 * @param timeout how long the shutdown may take
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void terminate(Duration timeout) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("instance process did not stop within " + timeout + "; see " + this.log);
		}
	}

	/**
	 * Return the process id, for signals other than a kill.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Return whether the process runs.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Return the file the process writes its output to.
	 * @return the log file
	 */
	public Path log() {
		return this.log;
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
