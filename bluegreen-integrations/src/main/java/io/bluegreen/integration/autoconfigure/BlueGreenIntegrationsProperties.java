package io.bluegreen.integration.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of bluegreen's integrations, beside the core's
 * {@code BlueGreenProperties} under the same {@code bluegreen} prefix.
 *
 * @author bluegreen
 */
@ConfigurationProperties("bluegreen")
public class BlueGreenIntegrationsProperties {

	private final LifecycleApi lifecycleApi = new LifecycleApi();

	private final Shawarma shawarma = new Shawarma();

	private final Flagger flagger = new Flagger();

	private final Argo argo = new Argo();

	public LifecycleApi getLifecycleApi() {
		return this.lifecycleApi;
	}

	public Shawarma getShawarma() {
		return this.shawarma;
	}

	public Flagger getFlagger() {
		return this.flagger;
	}

	public Argo getArgo() {
		return this.argo;
	}

	/**
	 * The lifecycle HTTP API on the application's web server.
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
	 * Shawarma sidecar protocol.
	 */
	public static class Shawarma {

		/**
		 * Whether to answer the Shawarma sidecar: POST {path} with {"status":"active"} or
		 * {"status":"inactive"} resumes or drains, GET {path} reads the state.
		 */
		private boolean enabled;

		/**
		 * Path of the application state, the sidecar's state URL.
		 */
		private String path = "/applicationstate";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * Flagger webhooks.
	 */
	public static class Flagger {

		/**
		 * Whether to answer Flagger's webhooks: POST {base-path}/pre-rollout,
		 * {base-path}/confirm-promotion and {base-path}/rollback. Needs fleet
		 * coordination.
		 */
		private boolean enabled;

		/**
		 * Path under which the Flagger webhooks are served.
		 */
		private String basePath = "/flagger";

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
	 * Following a pod label written by Argo Rollouts.
	 */
	public static class Argo {

		/**
		 * Whether to follow a pod label read from a Downward API file: its active value
		 * makes this instance (with fleet coordination: its color) active, any other
		 * value inactive.
		 */
		private boolean enabled;

		/**
		 * Downward API file with the pod's labels.
		 */
		private Path labelsFile = Path.of("/etc/podinfo/labels");

		/**
		 * Label to follow, as set by the Rollout's activeMetadata and previewMetadata.
		 */
		private String label = "role";

		/**
		 * Value of the label that makes this instance active.
		 */
		private String activeValue = "active";

		/**
		 * Interval between two reads of the labels file.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getLabelsFile() {
			return this.labelsFile;
		}

		public void setLabelsFile(Path labelsFile) {
			this.labelsFile = labelsFile;
		}

		public String getLabel() {
			return this.label;
		}

		public void setLabel(String label) {
			this.label = label;
		}

		public String getActiveValue() {
			return this.activeValue;
		}

		public void setActiveValue(String activeValue) {
			this.activeValue = activeValue;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			if (pollInterval.isZero() || pollInterval.isNegative()) {
				throw new IllegalArgumentException(
						"bluegreen.argo.poll-interval must be positive, not " + pollInterval);
			}
			this.pollInterval = pollInterval;
		}

	}

}
