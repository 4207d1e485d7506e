package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchAcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * A batch listener whose records are {@link InFlightRecords in flight} from the moment
 * they are handed to it until it acknowledges them (all, or up to an index), acknowledges
 * them negatively, or fails on them. Everything else is the delegate's: the container
 * unwraps it to learn which arguments it takes and calls this listener with exactly
 * those.
 *
 * @author bluegreen
 */
final class TrackedBatchListener extends TrackingListenerAdapter<BatchMessageListener<Object, Object>>
		implements BatchAcknowledgingConsumerAwareMessageListener<Object, Object> {

	TrackedBatchListener(BatchMessageListener<Object, Object> delegate, String listenerId, InFlightRecords inFlight) {
		super(delegate, listenerId, inFlight);
	}

	@Override
	public boolean wantsPollResult() {
		return this.delegate.wantsPollResult();
	}

	@Override
	public void onMessage(List<ConsumerRecord<Object, Object>> records) {
		this.delegate.onMessage(records);
	}

	@Override
	public void onMessage(List<ConsumerRecord<Object, Object>> records, @Nullable Acknowledgment acknowledgment) {
		invoke(records, acknowledgment, (tracked) -> this.delegate.onMessage(records, tracked));
	}

	@Override
	public void onMessage(List<ConsumerRecord<Object, Object>> records, @Nullable Consumer<?, ?> consumer) {
		this.delegate.onMessage(records, consumer);
	}

	@Override
	public void onMessage(List<ConsumerRecord<Object, Object>> records, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		invoke(records, acknowledgment, (tracked) -> {
			switch (this.delegateType) {
				case ACKNOWLEDGING_CONSUMER_AWARE -> this.delegate.onMessage(records, tracked, consumer);
				case ACKNOWLEDGING -> this.delegate.onMessage(records, tracked);
				case CONSUMER_AWARE -> this.delegate.onMessage(records, consumer);
				case SIMPLE -> this.delegate.onMessage(records);
			}
		});
	}

	@Override
	public void onMessage(ConsumerRecords<Object, Object> records, @Nullable Acknowledgment acknowledgment,
			Consumer<Object, Object> consumer) {
		List<ConsumerRecord<Object, Object>> list = new ArrayList<>(records.count());
		records.forEach(list::add);
		invoke(list, acknowledgment, (tracked) -> this.delegate.onMessage(records, tracked, consumer));
	}

	private void invoke(List<ConsumerRecord<Object, Object>> records, @Nullable Acknowledgment acknowledgment,
			Delivery delivery) {
		if (acknowledgment == null) {
			// Nothing the listener can acknowledge:
			// the container commits what it returned
			delivery.to(null);
			return;
		}
		this.inFlight.handed(this.listenerId, records);
		Tracked tracked = new Tracked(acknowledgment, records);
		try {
			delivery.to(tracked);
		}
		catch (RuntimeException | Error ex) {
			// The container retries or recovers a batch its listener failed on
			tracked.finishRest(false);
			throw ex;
		}
	}

	/**
	 * A delivery of a batch to the delegate, with the acknowledgment it gets.
	 */
	@FunctionalInterface
	private interface Delivery {

		void to(@Nullable Acknowledgment acknowledgment);

	}

	/**
	 * The acknowledgment of one batch: each of its records is finished once, from the
	 * first on, as the listener acknowledges them.
	 */
	private final class Tracked implements Acknowledgment {

		private final Acknowledgment delegate;

		private final List<ConsumerRecord<Object, Object>> records;

		// Guarded by this: how many records, from the first, are finished
		private int finished;

		Tracked(Acknowledgment delegate, List<ConsumerRecord<Object, Object>> records) {
			this.delegate = delegate;
			this.records = records;
		}

		@Override
		public void acknowledge() {
			this.delegate.acknowledge();
			finishRest(true);
		}

		@Override
		public void acknowledge(int index) {
			this.delegate.acknowledge(index);
			finishUpTo(index + 1, true);
		}

		@Override
		public void nack(Duration sleep) {
			// The container seeks back: the records are handed again
			this.delegate.nack(sleep);
			finishRest(false);
		}

		@Override
		public void nack(int index, Duration sleep) {
			// The records before the index are committed, the others handed again
			this.delegate.nack(index, sleep);
			finishUpTo(index, true);
			finishRest(false);
		}

		@Override
		public boolean isOutOfOrderCommit() {
			return this.delegate.isOutOfOrderCommit();
		}

		void finishRest(boolean acknowledged) {
			finishUpTo(this.records.size(), acknowledged);
		}

		private synchronized void finishUpTo(int end, boolean acknowledged) {
			if (end > this.finished) {
				TrackedBatchListener.this.inFlight.finished(TrackedBatchListener.this.listenerId,
						this.records.subList(this.finished, end), acknowledged);
				this.finished = end;
			}
		}

	}

}
