package io.bluegreen.benchmark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Sends records round-robin over the partitions of a topic at a fixed rate, and remembers
 * when each record was sent, by partition and offset.
 *
 * @author bluegreen
 */
class RateProducer implements AutoCloseable {

	private final KafkaProducer<String, String> producer;

	private final String clientId;

	private final String topic;

	private final int partitions;

	private final int ratePerSecond;

	private final ConcurrentMap<Integer, ConcurrentMap<Long, Long>> sentNanos = new ConcurrentHashMap<>();

	private volatile boolean running;

	private @Nullable Thread thread;

	RateProducer(String bootstrapServers, String topic, int partitions, int ratePerSecond) {
		this.clientId = "benchmark-producer-" + topic;
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.CLIENT_ID_CONFIG, this.clientId, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 2,
				// Records are accounted by offset: a retried
				// batch is new records, not a duplicate
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
		this.topic = topic;
		this.partitions = partitions;
		this.ratePerSecond = ratePerSecond;
		for (int partition = 0; partition < partitions; partition++) {
			this.sentNanos.put(partition, new ConcurrentHashMap<>());
		}
	}

	void start() {
		this.running = true;
		Thread thread = new Thread(this::produce, "benchmark-producer");
		this.thread = thread;
		thread.start();
	}

	/**
	 * Send a number of records at once, as fast as possible.
	 */
	void sendNow(int count) {
		for (int i = 0; i < count; i++) {
			send(i);
		}
		this.producer.flush();
	}

	private void produce() {
		long intervalNanos = TimeUnit.SECONDS.toNanos(1) / this.ratePerSecond;
		long next = System.nanoTime();
		long sequence = 0;
		while (this.running) {
			send(sequence++);
			next += intervalNanos;
			long wait = next - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
		}
	}

	private void send(long sequence) {
		int partition = (int) (sequence % this.partitions);
		long sent = System.nanoTime();
		Map<Long, Long> sentByOffset = sentNanos(partition);
		this.producer.send(
				new ProducerRecord<>(this.topic, partition, "order-" + sequence, "{\"order\":" + sequence + "}"),
				(metadata, exception) -> {
					if (exception == null) {
						sentByOffset.put(metadata.offset(), sent);
					}
				});
	}

	void stop() throws InterruptedException {
		this.running = false;
		Thread thread = this.thread;
		if (thread != null) {
			thread.join();
		}
		this.producer.flush();
	}

	/**
	 * Return when each acknowledged record of a partition was sent.
	 * @param partition the partition
	 * @return the send time by offset
	 * @throws IllegalArgumentException if the topic has no such partition
	 */
	Map<Long, Long> sentNanos(int partition) {
		Map<Long, Long> sent = this.sentNanos.get(partition);
		if (sent == null) {
			throw new IllegalArgumentException("No partition " + partition + " of " + this.topic);
		}
		return sent;
	}

	/**
	 * Return when each acknowledged record was sent.
	 * @return the send time by offset by partition
	 */
	Map<Integer, ConcurrentMap<Long, Long>> sentNanos() {
		return this.sentNanos;
	}

	/**
	 * Return the producer's client id, which its metrics are published under.
	 * @return the client id
	 */
	String clientId() {
		return this.clientId;
	}

	long sent() {
		return this.sentNanos.values().stream().mapToLong(Map::size).sum();
	}

	@Override
	public void close() throws InterruptedException {
		stop();
		this.producer.close();
	}

}
