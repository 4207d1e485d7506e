package io.bluegreen.kafka.consumer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A producer of the application whose transactions are watched for consumer offsets:
 * {@link #sendOffsetsToTransaction} makes them pending, a {@link #commitTransaction} that
 * returns commits them, an abort or a failed commit drops them. Every other method
 * delegates unchanged.
 *
 * @author bluegreen
 */
final class TrackedProducer implements Producer<Object, Object> {

	private final Producer<Object, Object> delegate;

	private final TransactionalCommits owner;

	// Offsets sent into the open transaction, by group; the producer's user may switch
	// threads between transactions, and the drain reads them from its own
	private final Map<String, Map<TopicPartition, Long>> pending = new HashMap<>();

	TrackedProducer(Producer<Object, Object> delegate, TransactionalCommits owner) {
		this.delegate = delegate;
		this.owner = owner;
	}

	synchronized Set<TopicPartition> pending(String groupId) {
		Map<TopicPartition, Long> offsets = this.pending.get(groupId);
		return (offsets != null) ? Set.copyOf(offsets.keySet()) : Set.of();
	}

	@Override
	public void initTransactions() {
		this.delegate.initTransactions();
	}

	@Override
	public void beginTransaction() {
		dropPending();
		this.delegate.beginTransaction();
	}

	/**
	 * Tracked: the offsets are pending until the transaction commits. Marked pending
	 * before they are sent, so that a drain never takes them for absent while they
	 * travel.
	 */
	@Override
	public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
			ConsumerGroupMetadata groupMetadata) {
		synchronized (this) {
			Map<TopicPartition, Long> group = this.pending.computeIfAbsent(groupMetadata.groupId(),
					(key) -> new HashMap<>());
			offsets.forEach((partition, offset) -> group.merge(partition, offset.offset(), Math::max));
		}
		this.delegate.sendOffsetsToTransaction(offsets, groupMetadata);
	}

	/**
	 * Tracked: once the commit returns, the transaction's offsets are committed. If it
	 * throws, the transaction is aborted or its outcome unknown: nothing is taken as
	 * committed.
	 */
	@Override
	public void commitTransaction() {
		try {
			this.delegate.commitTransaction();
		}
		catch (RuntimeException ex) {
			dropPending();
			throw ex;
		}
		Map<String, Map<TopicPartition, Long>> committed;
		synchronized (this) {
			committed = new HashMap<>(this.pending);
			this.pending.clear();
		}
		if (!committed.isEmpty()) {
			this.owner.committed(committed);
		}
	}

	/**
	 * Tracked: the transaction's offsets are dropped.
	 */
	@Override
	public void abortTransaction() {
		try {
			this.delegate.abortTransaction();
		}
		finally {
			dropPending();
		}
	}

	private void dropPending() {
		boolean dropped;
		synchronized (this) {
			dropped = !this.pending.isEmpty();
			this.pending.clear();
		}
		if (dropped) {
			this.owner.completed();
		}
	}

	@Override
	public void registerMetricForSubscription(KafkaMetric metric) {
		this.delegate.registerMetricForSubscription(metric);
	}

	@Override
	public void unregisterMetricFromSubscription(KafkaMetric metric) {
		this.delegate.unregisterMetricFromSubscription(metric);
	}

	@Override
	public Future<RecordMetadata> send(ProducerRecord<Object, Object> record) {
		return this.delegate.send(record);
	}

	@Override
	public Future<RecordMetadata> send(ProducerRecord<Object, Object> record, Callback callback) {
		return this.delegate.send(record, callback);
	}

	@Override
	public void flush() {
		this.delegate.flush();
	}

	@Override
	public List<PartitionInfo> partitionsFor(String topic) {
		return this.delegate.partitionsFor(topic);
	}

	@Override
	public Map<MetricName, ? extends Metric> metrics() {
		return this.delegate.metrics();
	}

	@Override
	public Uuid clientInstanceId(Duration timeout) {
		return this.delegate.clientInstanceId(timeout);
	}

	/**
	 * Tracked: a closed producer's open transaction is aborted by the broker.
	 */
	@Override
	public void close() {
		try {
			this.delegate.close();
		}
		finally {
			closed();
		}
	}

	/**
	 * Tracked: a closed producer's open transaction is aborted by the broker.
	 */
	@Override
	public void close(Duration timeout) {
		try {
			this.delegate.close(timeout);
		}
		finally {
			closed();
		}
	}

	private void closed() {
		dropPending();
		this.owner.closed(this);
	}

}
