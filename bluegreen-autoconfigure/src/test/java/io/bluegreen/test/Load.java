package io.bluegreen.test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Produces records round-robin over the partitions of a topic, either a fixed number or
 * continuously until stopped, and remembers how many each partition received.
 */
public class Load implements AutoCloseable {

	private final String topic;

	private final int partitions;

	private final KafkaProducer<String, String> producer;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicLong sent = new AtomicLong();

	private final Map<TopicPartition, Long> endOffsets = new HashMap<>();

	private Thread thread;

	public Load(String topic, int partitions) {
		this(EmbeddedBroker.producer(), topic, partitions);
	}

	/**
	 * Load on a topic of a cluster, written with {@code acks=all} by an idempotent
	 * producer: a record is counted once the cluster acknowledged it, once.
	 */
	public Load(KafkaCluster cluster, String topic, int partitions) {
		this(cluster.producer(), topic, partitions);
	}

	private Load(KafkaProducer<String, String> producer, String topic, int partitions) {
		this.producer = producer;
		this.topic = topic;
		this.partitions = partitions;
	}

	public void send(int count) {
		for (int i = 0; i < count; i++) {
			sendOne();
		}
		this.producer.flush();
	}

	public void startContinuous(long pauseMillis) {
		this.running.set(true);
		this.thread = new Thread(() -> {
			while (this.running.get()) {
				sendOne();
				try {
					Thread.sleep(pauseMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}, "test-load");
		this.thread.start();
	}

	public void stop() throws InterruptedException {
		this.running.set(false);
		if (this.thread != null) {
			this.thread.join();
		}
		this.producer.flush();
	}

	public long sent() {
		return this.sent.get();
	}

	public synchronized Map<TopicPartition, Long> endOffsets() {
		return new HashMap<>(this.endOffsets);
	}

	private void sendOne() {
		long n = this.sent.getAndIncrement();
		int partition = (int) (n % this.partitions);
		try {
			RecordMetadata metadata = this.producer
				.send(new ProducerRecord<>(this.topic, partition, "order-" + n, "{\"order\":" + n + "}"))
				.get();
			synchronized (this) {
				this.endOffsets.merge(new TopicPartition(this.topic, partition), metadata.offset() + 1, Math::max);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
		this.producer.close();
	}

}
