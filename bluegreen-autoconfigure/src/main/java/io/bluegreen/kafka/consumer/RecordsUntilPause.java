package io.bluegreen.kafka.consumer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The records of a poll, handed to a listener that
 * {@link GuardHost#mayStopBetweenRecords() may stop between records} one by one until it
 * must stop: a pause is requested and the listener {@link GuardHost#stopsBetweenRecords()
 * stops between records}. Then the records not handed yet go back: the consumer seeks
 * each of their partitions to the first of them, on the consumer's thread, before the
 * container can commit or poll again. The listener committed exactly the records it was
 * handed, so the paused consumer's positions are what it committed, and a drain waits for
 * the record in progress instead of every record of the poll, each a transaction.
 * <p>
 * Every other view of the poll ({@link #count()}, {@link #partitions()},
 * {@link #records(TopicPartition)}) is the whole poll, as the container saw it before it
 * processed any record: the container iterates the records to hand them out.
 *
 * @author bluegreen
 */
final class RecordsUntilPause extends ConsumerRecords<Object, Object> {

	private final BooleanSupplier stopHere;

	private final Consumer<Object, Object> consumer;

	/**
	 * Hand the records of a poll until the listener must stop.
	 * @param records the records the consumer returned
	 * @param stopHere whether the listener must stop before the next record, asked before
	 * each record
	 * @param consumer the consumer that returned them, which seeks back
	 */
	RecordsUntilPause(ConsumerRecords<Object, Object> records, BooleanSupplier stopHere,
			Consumer<Object, Object> consumer) {
		super(byPartition(records), records.nextOffsets());
		this.stopHere = stopHere;
		this.consumer = consumer;
	}

	private static Map<TopicPartition, List<ConsumerRecord<Object, Object>>> byPartition(
			ConsumerRecords<Object, Object> records) {
		Map<TopicPartition, List<ConsumerRecord<Object, Object>>> byPartition = new LinkedHashMap<>();
		records.partitions().forEach((partition) -> byPartition.put(partition, records.records(partition)));
		return byPartition;
	}

	@Override
	public Iterator<ConsumerRecord<Object, Object>> iterator() {
		return new UntilPause(super.iterator());
	}

	/**
	 * Seek each partition of the records not handed to the first of them.
	 */
	private void giveBack(Iterator<ConsumerRecord<Object, Object>> rest, ConsumerRecord<Object, Object> next) {
		Map<TopicPartition, Long> first = new HashMap<>();
		first.put(new TopicPartition(next.topic(), next.partition()), next.offset());
		rest.forEachRemaining(
				(record) -> first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset()));
		first.forEach(this.consumer::seek);
	}

	/**
	 * Hands records until the listener must stop, asked before each one.
	 */
	private final class UntilPause implements Iterator<ConsumerRecord<Object, Object>> {

		private final Iterator<ConsumerRecord<Object, Object>> records;

		private @Nullable ConsumerRecord<Object, Object> next;

		private boolean stopped;

		private UntilPause(Iterator<ConsumerRecord<Object, Object>> records) {
			this.records = records;
		}

		@Override
		public boolean hasNext() {
			if (this.next != null) {
				return true;
			}
			if (this.stopped || !this.records.hasNext()) {
				return false;
			}
			ConsumerRecord<Object, Object> next = this.records.next();
			if (RecordsUntilPause.this.stopHere.getAsBoolean()) {
				this.stopped = true;
				giveBack(this.records, next);
				return false;
			}
			this.next = next;
			return true;
		}

		@Override
		public ConsumerRecord<Object, Object> next() {
			ConsumerRecord<Object, Object> next = hasNext() ? this.next : null;
			if (next == null) {
				throw new NoSuchElementException();
			}
			this.next = null;
			return next;
		}

	}

}
