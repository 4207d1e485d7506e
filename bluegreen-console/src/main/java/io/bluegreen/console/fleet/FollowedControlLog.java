package io.bluegreen.console.fleet;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.ControlRecordRefusals;
import io.bluegreen.fleet.FleetView;

/**
 * A deployment's control log as the console follows it, read-only: the records the
 * console's reader of the control topics decoded for the deployment, folded as an
 * instance folds them. Switches write through a participant of their own.
 *
 * @author bluegreen
 */
class FollowedControlLog implements ControlLog {

	private static final Log logger = LogFactory.getLog(FollowedControlLog.class);

	private final ControlLogFold fold;

	private final CountDownLatch readable = new CountDownLatch(1);

	private final List<Consumer<FleetView>> listeners = new CopyOnWriteArrayList<>();

	private volatile FleetView view;

	FollowedControlLog(String deployment) {
		this.fold = new ControlLogFold(deployment);
		this.view = FleetView.unread(deployment);
	}

	/**
	 * Fold a record of the deployment; called by the reader of the control topics only.
	 * @param record the record
	 */
	void apply(ControlRecord record) {
		this.fold.apply(record);
	}

	/**
	 * Publish the view of what was folded; called by the reader of the control topics
	 * once it read the topic to its end, as an instance publishes only such views.
	 * @param position the position up to which the topic was read
	 */
	void publish(long position) {
		FleetView published = this.fold.view(position);
		this.view = published;
		this.readable.countDown();
		for (Consumer<FleetView> listener : this.listeners) {
			try {
				listener.accept(published);
			}
			catch (RuntimeException ex) {
				logger.warn("Fleet view listener failed", ex);
			}
		}
	}

	@Override
	public FleetView view() {
		return this.view;
	}

	@Override
	public boolean awaitReadable(Duration timeout) {
		try {
			return this.readable.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void onChange(Consumer<FleetView> listener) {
		this.listeners.add(listener);
	}

	@Override
	public CompletableFuture<FleetView> caughtUp() {
		return CompletableFuture.completedFuture(this.view);
	}

	@Override
	public ControlRecordRefusals refusals() {
		return this.fold.refusals();
	}

	@Override
	public CompletableFuture<Long> append(ControlRecord record) {
		return CompletableFuture
			.failedFuture(new UnsupportedOperationException("The console follows the control log read-only"));
	}

}
