package io.bluegreen.console.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;

/**
 * Whether the console can reach the Kafka cluster: one describe-cluster request per
 * check. While it cannot, the pages say so and offer no switch.
 *
 * @author bluegreen
 */
public class ClusterConnection implements AutoCloseable {

	private final Map<String, Object> connection;

	private final Duration timeout;

	private volatile @Nullable String problem = "not checked yet";

	private @Nullable Admin admin;

	/**
	 * Create a connection check.
	 * @param connection the Kafka client configuration to connect with
	 * @param timeout how long a check waits for the cluster's answer
	 */
	public ClusterConnection(Map<String, Object> connection, Duration timeout) {
		this.connection = Map.copyOf(connection);
		this.timeout = timeout;
	}

	/**
	 * Ask the cluster to describe itself, and remember whether it answered.
	 */
	public synchronized void check() {
		try {
			admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()))
				.clusterId()
				.get(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
			this.problem = null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | KafkaException ex) {
			Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
			this.problem = "the Kafka cluster at " + this.connection.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
					+ " did not answer: " + cause.getMessage();
		}
	}

	/**
	 * Return whether the last check reached the cluster.
	 * @return whether it did
	 */
	public boolean connected() {
		return this.problem == null;
	}

	/**
	 * Return why the cluster is not reachable.
	 * @return what the last check found, or {@code null} if it reached the cluster
	 */
	public @Nullable String problem() {
		return this.problem;
	}

	private Admin admin() {
		Admin admin = this.admin;
		if (admin == null) {
			admin = Admin.create(this.connection);
			this.admin = admin;
		}
		return admin;
	}

	@Override
	public synchronized void close() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(1));
		}
	}

}
