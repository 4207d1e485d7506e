package io.bluegreen.kafka.consumer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether bluegreen holds the consumers of the managed listeners paused, and the pause
 * epoch, which changes with every pause and resume requested: a consumer's view published
 * under an older epoch says nothing about the current request. Set by the lifecycle, read
 * by the consumers at their next poll or rebalance.
 *
 * @author bluegreen
 */
final class PauseGate {

	private final AtomicLong epoch = new AtomicLong();

	private volatile boolean pauseRequested;

	/**
	 * Request a pause, starting a new epoch unless one is requested already.
	 */
	void pause() {
		if (!this.pauseRequested) {
			this.epoch.incrementAndGet();
			this.pauseRequested = true;
		}
	}

	/**
	 * Request a resume, starting a new epoch unless none is requested.
	 */
	void resume() {
		if (this.pauseRequested) {
			this.pauseRequested = false;
			this.epoch.incrementAndGet();
		}
	}

	/**
	 * Return whether a pause is requested.
	 * @return whether the consumers are held paused
	 */
	boolean isPauseRequested() {
		return this.pauseRequested;
	}

	/**
	 * Return the current epoch.
	 * @return the epoch
	 */
	long epoch() {
		return this.epoch.get();
	}

}
