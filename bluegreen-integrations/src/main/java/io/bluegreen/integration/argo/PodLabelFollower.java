package io.bluegreen.integration.argo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.bluegreen.integration.InstanceActivation;
import io.bluegreen.lifecycle.LifecycleService;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Follows a pod label, such as the one Argo Rollouts writes with {@code activeMetadata}
 * and {@code previewMetadata}, read from a Downward API file. When the label takes the
 * active value, this instance becomes active (with fleet coordination: the deployment
 * switches to its color); when it takes another value, it becomes inactive. A change that
 * does not succeed (a drain that timed out, an aborted switch) is tried again at the next
 * poll. The reads run on the given scheduler, one at a time.
 *
 * @author bluegreen
 */
public class PodLabelFollower implements SmartLifecycle {

	/**
	 * Starts after the lifecycle service and the fleet agent.
	 */
	public static final int PHASE = LifecycleService.PHASE + 100;

	private static final Log logger = LogFactory.getLog(PodLabelFollower.class);

	private final Path labelsFile;

	private final String label;

	private final String activeValue;

	private final Duration pollInterval;

	private final InstanceActivation activation;

	private final TaskScheduler scheduler;

	private @Nullable ScheduledFuture<?> polling;

	private @Nullable String applied;

	private @Nullable String lastProblem;

	/**
	 * Create a new follower.
	 * @param labelsFile the Downward API labels file
	 * @param label the label to follow
	 * @param activeValue the value that makes this instance active
	 * @param pollInterval the interval between two reads of the file
	 * @param activation carries out active and inactive
	 * @param scheduler runs the reads of the file
	 */
	public PodLabelFollower(Path labelsFile, String label, String activeValue, Duration pollInterval,
			InstanceActivation activation, TaskScheduler scheduler) {
		this.labelsFile = labelsFile;
		this.label = label;
		this.activeValue = activeValue;
		this.pollInterval = pollInterval;
		this.activation = activation;
		this.scheduler = scheduler;
	}

	@Override
	public synchronized void start() {
		if (this.polling == null) {
			// With a fixed delay, a read that waits
			// for a drain never overlaps the next one
			this.polling = this.scheduler.scheduleWithFixedDelay(this::poll, this.pollInterval);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.polling != null) {
			this.polling.cancel(true);
			this.polling = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.polling != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	void poll() {
		try {
			String value = PodLabels.parse(Files.readString(this.labelsFile)).get(this.label);
			if (value == null || value.equals(this.applied)) {
				return;
			}
			boolean active = value.equals(this.activeValue);
			InstanceActivation.Outcome outcome = this.activation.apply(active);
			if (outcome.applied()) {
				logger.info("Label " + this.label + "=" + value + ": this instance is " + outcome.status().state());
				this.applied = value;
				this.lastProblem = null;
			}
			else if (!Objects.equals(outcome.problem(), this.lastProblem)) {
				this.lastProblem = outcome.problem();
				logger.warn("Label " + this.label + "=" + value + " not applied yet ("
						+ outcome.result().name().toLowerCase(Locale.ROOT) + "): " + outcome.problem()
						+ "; trying again");
			}
		}
		catch (NoSuchFileException ex) {
			logOnce("Labels file " + this.labelsFile + " does not exist; mount the pod's labels with the Downward API");
		}
		catch (IOException | IllegalArgumentException ex) {
			logOnce("Cannot read labels file " + this.labelsFile + ": " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Failed to follow label " + this.label, ex);
		}
	}

	private void logOnce(String problem) {
		if (!problem.equals(this.lastProblem)) {
			this.lastProblem = problem;
			logger.warn(problem);
		}
	}

}
