package io.bluegreen.kafka.control;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * Notices, for the {@link ControlLogReader}, that the control topic was lost, and keeps
 * the reader's positions growing across the topics that replace it. Confined to the
 * reader's thread but for {@link #base()}.
 *
 * @author bluegreen
 */
final class ControlTopicWatch {

	/**
	 * How often the reader checks that the topic it reads is still the control topic: not
	 * deleted, not created anew.
	 */
	private static final Duration TOPIC_CHECK_INTERVAL = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(ControlTopicWatch.class);

	private final ControlTopic controlTopic;

	private final ControlClients clients;

	// The position in the log of the first record of the topic read now: positions keep
	// growing when the topic is replaced
	private volatile long base;

	// The furthest offset read in the topic, and its id
	private long furthest;

	private @Nullable Uuid topicId;

	private long nextTopicCheck;

	private @Nullable Admin admin;

	ControlTopicWatch(ControlTopic controlTopic, ControlClients clients) {
		this.controlTopic = controlTopic;
		this.clients = clients;
	}

	/**
	 * Learn the id of the topic the reader starts to read.
	 */
	void start() {
		this.topicId = topicId();
		this.nextTopicCheck = System.nanoTime() + TOPIC_CHECK_INTERVAL.toNanos();
	}

	/**
	 * Return the position in the log of the first record of the topic read now.
	 */
	long base() {
		return this.base;
	}

	/**
	 * Record the reader's position in the topic.
	 * @return {@code false} if it went back: the topic was truncated or replaced
	 */
	boolean reached(long position) {
		if (position < this.furthest) {
			return false;
		}
		this.furthest = position;
		return true;
	}

	/**
	 * Return how the topic was lost, or {@code null} if it was not: its offsets went back
	 * (truncated, or replaced by a topic the consumer reset to), it was deleted, or
	 * created anew under a new topic id.
	 */
	@Nullable String lost(long position, boolean readable) {
		if (position < this.furthest) {
			return "went back from offset " + this.furthest + " to " + position;
		}
		if (System.nanoTime() < this.nextTopicCheck) {
			return null;
		}
		this.nextTopicCheck = System.nanoTime() + TOPIC_CHECK_INTERVAL.toNanos();
		Uuid previous = this.topicId;
		Uuid current = topicId();
		if (current == null && !readable) {
			return null;
		}
		if (current == null) {
			return "was deleted";
		}
		this.topicId = current;
		if (previous != null && !previous.equals(current)) {
			return "was created anew (topic id " + current + ", before " + previous + ")";
		}
		return null;
	}

	/**
	 * Start over in the topic that replaced the lost one: created again if missing, made
	 * compacted if the broker's auto-creation brought it back, its id known from now on,
	 * so that a replaced topic is noticed once, however it shows first.
	 * @return whether the topic is created and checked, or {@code null} if that is not
	 * known
	 */
	@Nullable Boolean replaced() {
		Boolean provisioned = provision();
		this.base += this.furthest;
		this.furthest = 0;
		this.topicId = topicId();
		this.nextTopicCheck = System.nanoTime() + TOPIC_CHECK_INTERVAL.toNanos();
		return provisioned;
	}

	private @Nullable Boolean provision() {
		try {
			return this.controlTopic.provision();
		}
		catch (ControlTopic.InvalidControlTopicException ex) {
			// Created anew by the broker's auto-creation:
			// it must keep the state from now on
			try {
				this.controlTopic.compact(admin());
			}
			catch (Exception compactFailed) {
				logger.error(ex.getMessage() + "; this instance could not change it: " + compactFailed);
			}
			return null;
		}
	}

	private @Nullable Uuid topicId() {
		try {
			return this.controlTopic.topicId(admin());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.topicId;
		}
		catch (Exception ex) {
			// Not known: the broker did not answer; the next check asks again
			logger.debug("Could not describe " + this.controlTopic.name() + ": " + ex);
			return this.topicId;
		}
	}

	private Admin admin() {
		Admin admin = this.admin;
		if (admin == null) {
			admin = this.clients.admin();
			this.admin = admin;
		}
		return admin;
	}

	void close() {
		Admin admin = this.admin;
		if (admin != null) {
			admin.close(Duration.ZERO);
		}
	}

}
