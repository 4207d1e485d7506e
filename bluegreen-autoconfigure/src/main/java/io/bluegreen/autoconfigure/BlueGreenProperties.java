package io.bluegreen.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.LifecycleState;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of bluegreen.
 *
 * @author bluegreen
 */
@ConfigurationProperties("bluegreen")
public class BlueGreenProperties {

	/**
	 * Whether to manage the lifecycle of the application's Kafka listener containers.
	 */
	private boolean enabled = true;

	/**
	 * Color of this deployment, free text such as 'blue' or 'green'. Reported by the
	 * endpoint and used as the 'color' tag of the metrics.
	 */
	private @Nullable String color;

	/**
	 * State the listeners start in: ACTIVE or PAUSED. With PAUSED no record reaches a
	 * listener until the application is resumed. The INITIAL_STATE environment variable
	 * is used when this property is not set.
	 */
	private LifecycleState initialState = LifecycleState.ACTIVE;

	/**
	 * Time a drain may take before it is reported as timed out. A timed out drain stays
	 * DRAINING and completes if the pending listeners finish later.
	 */
	private Duration drainTimeout = Duration.ofSeconds(30);

	private final Listeners listeners = new Listeners();

	private final LifecycleApi lifecycleApi = new LifecycleApi();

	private final Metrics metrics = new Metrics();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getColor() {
		return this.color;
	}

	public void setColor(@Nullable String color) {
		this.color = color;
	}

	public LifecycleState getInitialState() {
		return this.initialState;
	}

	public void setInitialState(LifecycleState initialState) {
		if (!initialState.isRequestable()) {
			throw new IllegalArgumentException(
					"bluegreen.initial-state must be ACTIVE or PAUSED, not " + initialState);
		}
		this.initialState = initialState;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		if (drainTimeout.isNegative() || drainTimeout.isZero()) {
			throw new IllegalArgumentException("bluegreen.drain-timeout must be positive, not " + drainTimeout);
		}
		this.drainTimeout = drainTimeout;
	}

	public Listeners getListeners() {
		return this.listeners;
	}

	public LifecycleApi getLifecycleApi() {
		return this.lifecycleApi;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * Which listener containers are managed.
	 */
	public static class Listeners {

		/**
		 * Ids of the listeners to manage. When empty, every listener container of the
		 * application is managed.
		 */
		private List<String> include = new ArrayList<>();

		/**
		 * Ids of listeners never to manage; they keep consuming whatever the state.
		 */
		private List<String> exclude = new ArrayList<>();

		public List<String> getInclude() {
			return this.include;
		}

		public void setInclude(List<String> include) {
			this.include = include;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

	}

	/**
	 * The lifecycle HTTP API of the original design on the application's web server.
	 */
	public static class LifecycleApi {

		/**
		 * Whether to serve POST {base-path}/pause, POST {base-path}/resume and GET
		 * {base-path}/status.
		 */
		private boolean enabled = true;

		/**
		 * Path under which the lifecycle API is served.
		 */
		private String basePath = "/lifecycle";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getBasePath() {
			return this.basePath;
		}

		public void setBasePath(String basePath) {
			this.basePath = basePath;
		}

	}

	/**
	 * Lifecycle metrics.
	 */
	public static class Metrics {

		/**
		 * Whether to register the lifecycle metrics with Micrometer.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
