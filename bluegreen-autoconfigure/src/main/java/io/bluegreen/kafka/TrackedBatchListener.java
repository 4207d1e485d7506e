package io.bluegreen.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchAcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.adapter.AbstractDelegatingMessageListenerAdapter;
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
final class TrackedBatchListener
		extends AbstractDelegatingMessageListenerAdapter<BatchMessageListener<Object, Object>>
		implements BatchAcknowledgingConsumerAwareMessageListener<Object, Object> {

	private final String listenerId;

	private final InFlightRecords inFlight;

	TrackedBatchListener(BatchMessageListener<Object, Object> delegate, String listenerId, InFlightRecords inFlight) {
		super(delegate);
		this.listenerId = listenerId;
		this.inFlight = inFlight;
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
		invoke(records, acknowledgment, () -> this.delegate.onMessage(records, tracked(records, acknowledgment)));
	}

	@Override
	public void onMessage(List<ConsumerRecord<Object, Object>> records, Consumer<?, ?> consumer) {
		this.delegate.onMessage(records, consumer);
	}

	@Override
	public void onMessage(List<ConsumerRecord<Object, Object>> records, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		invoke(records, acknowledgment, () -> {
			Acknowledgment tracked = tracked(records, acknowledgment);
			switch (this.delegateType) {
				case ACKNOWLEDGING_CONSUMER_AWARE -> this.delegate.onMessage(records, tracked, consumer);
				case ACKNOWLEDGING -> this.delegate.onMessage(records, tracked);
				case CONSUMER_AWARE -> this.delegate.onMessage(records, consumer);
				case SIMPLE -> this.delegate.onMessage(records);
			}
		});
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void onMessage(ConsumerRecords<Object, Object> records, @Nullable Acknowledgment acknowledgment,
			Consumer<Object, Object> consumer) {
		List<ConsumerRecord<Object, Object>> list = new ArrayList<>(records.count());
		records.forEach(list::add);
		invoke(list, acknowledgment,
				() -> this.delegate.onMessage(records, tracked(list, acknowledgment), consumer));
	}

	private void invoke(List<ConsumerRecord<Object, Object>> records, @Nullable Acknowledgment acknowledgment,
			Runnable call) {
		if (acknowledgment == null) {
			// Nothing the listener can acknowledge: the container commits what it returned
			call.run();
			return;
		}
		this.inFlight.handed(this.listenerId, records);
		try {
			call.run();
		}
		catch (RuntimeException | Error ex) {
			// The container retries or recovers a batch its listener failed on
			this.inFlight.finished(this.listenerId, records);
			throw ex;
		}
	}

	private @Nullable Acknowledgment tracked(List<ConsumerRecord<Object, Object>> records,
			@Nullable Acknowledgment acknowledgment) {
		return (acknowledgment != null) ? new Tracked(acknowledgment, records) : null;
	}

	/**
	 * The acknowledgment of one batch.
	 */
	private final class Tracked implements Acknowledgment {

		private final Acknowledgment delegate;

		private final List<ConsumerRecord<Object, Object>> records;

		Tracked(Acknowledgment delegate, List<ConsumerRecord<Object, Object>> records) {
			this.delegate = delegate;
			this.records = records;
		}

		@Override
		public void acknowledge() {
			this.delegate.acknowledge();
			finished(this.records);
		}

		@Override
		public void acknowledge(int index) {
			this.delegate.acknowledge(index);
			finished(this.records.subList(0, index + 1));
		}

		@Override
		public void nack(Duration sleep) {
			this.delegate.nack(sleep);
			finished(this.records);
		}

		@Override
		public void nack(int index, Duration sleep) {
			// The records before the index are committed, the others handed again
			this.delegate.nack(index, sleep);
			finished(this.records);
		}

		@Override
		public boolean isOutOfOrderCommit() {
			return this.delegate.isOutOfOrderCommit();
		}

		private void finished(List<ConsumerRecord<Object, Object>> finished) {
			TrackedBatchListener.this.inFlight.finished(TrackedBatchListener.this.listenerId, finished);
		}

	}

}
