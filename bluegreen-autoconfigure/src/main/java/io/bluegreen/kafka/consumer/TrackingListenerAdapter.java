package io.bluegreen.kafka.consumer;

import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.adapter.AbstractDelegatingMessageListenerAdapter;

/**
 * A listener whose records are {@link InFlightRecords tracked} until the delegate
 * finishes them. Everything else is the delegate's: the container unwraps it to learn
 * which arguments it takes, and every seek callback reaches it.
 *
 * @param <T> the type of the delegate
 * @author bluegreen
 */
abstract class TrackingListenerAdapter<T> extends AbstractDelegatingMessageListenerAdapter<T> {

	protected final String listenerId;

	protected final InFlightRecords inFlight;

	TrackingListenerAdapter(T delegate, String listenerId, InFlightRecords inFlight) {
		super(delegate);
		this.listenerId = listenerId;
		this.inFlight = inFlight;
	}

	@Override
	public void onFirstPoll() {
		if (this.delegate instanceof ConsumerSeekAware seekAware) {
			seekAware.onFirstPoll();
		}
	}

	@Override
	public void unregisterSeekCallback() {
		if (this.delegate instanceof ConsumerSeekAware seekAware) {
			seekAware.unregisterSeekCallback();
		}
	}

}
