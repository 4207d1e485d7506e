package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.AcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * A record listener whose records are {@link InFlightRecords in flight} from the moment
 * they are handed to it until it acknowledges them, acknowledges them negatively, or
 * fails on them. Everything else is the delegate's: the container unwraps it to learn
 * which arguments it takes and calls this listener with exactly those.
 *
 * @author bluegreen
 */
final class TrackedRecordListener extends TrackingListenerAdapter<MessageListener<Object, Object>>
		implements AcknowledgingConsumerAwareMessageListener<Object, Object> {

	TrackedRecordListener(MessageListener<Object, Object> delegate, String listenerId, InFlightRecords inFlight) {
		super(delegate, listenerId, inFlight);
	}

	@Override
	public void onMessage(ConsumerRecord<Object, Object> record) {
		this.delegate.onMessage(record);
	}

	@Override
	public void onMessage(ConsumerRecord<Object, Object> record, @Nullable Acknowledgment acknowledgment) {
		invoke(record, acknowledgment, null);
	}

	@Override
	public void onMessage(ConsumerRecord<Object, Object> record, @Nullable Consumer<?, ?> consumer) {
		this.delegate.onMessage(record, consumer);
	}

	@Override
	public void onMessage(ConsumerRecord<Object, Object> record, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		invoke(record, acknowledgment, consumer);
	}

	private void invoke(ConsumerRecord<Object, Object> record, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		if (acknowledgment == null) {
			// Nothing the listener can acknowledge:
			// the container commits what it returned
			dispatch(record, null, consumer);
			return;
		}
		List<ConsumerRecord<Object, Object>> handed = List.of(record);
		this.inFlight.handed(this.listenerId, handed);
		Tracked tracked = new Tracked(acknowledgment, handed);
		try {
			dispatch(record, tracked, consumer);
		}
		catch (RuntimeException | Error ex) {
			// The container retries or recovers a record its listener failed on
			tracked.finished(false);
			throw ex;
		}
	}

	private void dispatch(ConsumerRecord<Object, Object> record, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		switch (this.delegateType) {
			case ACKNOWLEDGING_CONSUMER_AWARE -> this.delegate.onMessage(record, acknowledgment, consumer);
			case ACKNOWLEDGING -> this.delegate.onMessage(record, acknowledgment);
			case CONSUMER_AWARE -> this.delegate.onMessage(record, consumer);
			case SIMPLE -> this.delegate.onMessage(record);
		}
	}

	/**
	 * The acknowledgment of one record.
	 */
	private final class Tracked implements Acknowledgment {

		private final Acknowledgment delegate;

		private final List<ConsumerRecord<Object, Object>> records;

		private final AtomicBoolean done = new AtomicBoolean();

		Tracked(Acknowledgment delegate, List<ConsumerRecord<Object, Object>> records) {
			this.delegate = delegate;
			this.records = records;
		}

		@Override
		public void acknowledge() {
			this.delegate.acknowledge();
			finished(true);
		}

		@Override
		public void nack(Duration sleep) {
			// The container seeks back: the record is handed again
			this.delegate.nack(sleep);
			finished(false);
		}

		@Override
		public boolean isOutOfOrderCommit() {
			return this.delegate.isOutOfOrderCommit();
		}

		/**
		 * Finish this delivery once, whatever the listener calls after.
		 */
		void finished(boolean acknowledged) {
			if (this.done.compareAndSet(false, true)) {
				TrackedRecordListener.this.inFlight.finished(TrackedRecordListener.this.listenerId, this.records,
						acknowledged);
			}
		}

	}

}
