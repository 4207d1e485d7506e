package io.bluegreen.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.DesiredStateFollower;
import io.bluegreen.fleet.FleetView;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The control log in a Kafka topic with one partition, so that every instance reads the
 * records in the same order. A reader thread folds the deployment's records from the
 * beginning and publishes a view whenever it has read to the end of the partition; writes
 * go through an idempotent producer.
 * <p>
 * The clients use settings of their own, independent of the application's listener
 * settings. The reader long-polls: the broker holds its fetch until a record is appended,
 * so a control record reaches every instance within milliseconds while an idle instance
 * costs the broker about two fetches a second.
 *
 * @author bluegreen
 */
public class KafkaControlLog implements ControlLog, SmartLifecycle {

	private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(500);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(KafkaControlLog.class);

	private final Map<String, Object> connection;

	private final ControlTopic controlTopic;

	private final String topic;

	private final String instanceId;

	private final ControlRecordCodec codec;

	private final ControlLogFold fold;

	private final List<Consumer<FleetView>> listeners = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Void> readable = new CompletableFuture<>();

	private final Queue<CompletableFuture<FleetView>> catchUps = new ConcurrentLinkedQueue<>();

	private volatile FleetView view;

	private volatile boolean running;

	private volatile boolean provisioned;

	private @Nullable KafkaProducer<String, String> producer;

	private @Nullable KafkaConsumer<String, String> consumer;

	private @Nullable Thread reader;

	/**
	 * Create a new log.
	 * @param connection the Kafka client configuration to connect with (bootstrap servers,
	 * security)
	 * @param controlTopic the control topic
	 * @param deployment the deployment whose records to read
	 * @param instanceId the id of this instance
	 * @param codec the keys and values of the deployment's records
	 */
	public KafkaControlLog(Map<String, Object> connection, ControlTopic controlTopic, String deployment,
			String instanceId, ControlRecordCodec codec) {
		this.connection = Map.copyOf(connection);
		this.controlTopic = controlTopic;
		this.topic = controlTopic.name();
		this.instanceId = instanceId;
		this.codec = codec;
		this.fold = new ControlLogFold(deployment);
		this.view = FleetView.unread(deployment);
	}

	/**
	 * Create the control topic if it is missing and check it, then start reading it from
	 * the beginning on a thread of its own. When the cluster cannot be reached within the
	 * startup timeout, that thread keeps trying.
	 * @throws ControlTopic.InvalidControlTopicException if the topic must not be used
	 */
	@Override
	public void start() {
		this.provisioned = this.controlTopic.provision();
		this.producer = new KafkaProducer<>(producerConfig());
		this.consumer = new KafkaConsumer<>(consumerConfig());
		this.running = true;
		Thread reader = new Thread(this::read, "bluegreen-control-" + this.instanceId);
		reader.setDaemon(true);
		this.reader = reader;
		reader.start();
	}

	@Override
	public void onChange(Consumer<FleetView> listener) {
		this.listeners.add(listener);
	}

	@Override
	public boolean awaitReadable(Duration timeout) {
		if (!this.provisioned) {
			// The startup timeout was spent trying to reach the cluster already
			return false;
		}
		try {
			this.readable.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	@Override
	public FleetView view() {
		return this.view;
	}

	@Override
	public CompletableFuture<FleetView> caughtUp() {
		CompletableFuture<FleetView> caughtUp = new CompletableFuture<>();
		this.catchUps.add(caughtUp);
		KafkaConsumer<String, String> consumer = this.consumer;
		if (consumer != null) {
			// Ends the reader's long poll: it asks for the end of the log at once
			consumer.wakeup();
		}
		return caughtUp;
	}

	@Override
	public CompletableFuture<Long> append(ControlRecord record) {
		CompletableFuture<Long> appended = new CompletableFuture<>();
		KafkaProducer<String, String> producer = this.producer;
		if (producer == null || !this.running) {
			appended.completeExceptionally(new IllegalStateException("Control log is not running"));
			return appended;
		}
		if (!this.provisioned) {
			// A producer would have a missing topic auto-created with the broker's defaults
			appended.completeExceptionally(
					new IllegalStateException("Control topic " + this.topic + " is not created and checked yet"));
			return appended;
		}
		try {
			producer.send(new ProducerRecord<>(this.topic, 0, this.codec.key(record), this.codec.value(record)),
					(metadata, ex) -> {
						if (ex != null) {
							appended.completeExceptionally(
									new IllegalStateException("Could not write to " + this.topic + ": " + ex, ex));
						}
						else {
							appended.complete(metadata.offset());
						}
					});
		}
		catch (KafkaException ex) {
			appended.completeExceptionally(new IllegalStateException("Could not write to " + this.topic + ": " + ex, ex));
		}
		return appended;
	}

	private void read() {
		KafkaConsumer<String, String> consumer = this.consumer;
		if (consumer == null) {
			return;
		}
		if (!this.provisioned && !provisionUntilStopped()) {
			return;
		}
		TopicPartition partition = new TopicPartition(this.topic, 0);
		consumer.assign(List.of(partition));
		consumer.seekToBeginning(List.of(partition));
		Long end = null;
		boolean unpublished = false;
		BackOffExecution backOff = null;
		List<CompletableFuture<FleetView>> catchingUp = new ArrayList<>();
		Long catchUpEnd = null;
		while (this.running) {
			try {
				if (end == null) {
					end = consumer.endOffsets(List.of(partition), SEND_TIMEOUT).get(partition);
				}
				boolean asked = false;
				for (CompletableFuture<FleetView> next; (next = this.catchUps.poll()) != null;) {
					catchingUp.add(next);
					asked = true;
				}
				if (asked || (!catchingUp.isEmpty() && catchUpEnd == null)) {
					// Asked after the calls: it holds every record written before them
					catchUpEnd = null;
					catchUpEnd = consumer.endOffsets(List.of(partition), SEND_TIMEOUT).get(partition);
				}
				if (catchUpEnd != null && !unpublished && this.readable.isDone()
						&& consumer.position(partition, SEND_TIMEOUT) >= catchUpEnd) {
					catchUp(catchingUp);
					catchUpEnd = null;
				}
				ConsumerRecords<String, String> records = consumer.poll(POLL_TIMEOUT);
				records.forEach(this::apply);
				unpublished |= !records.isEmpty();
				long position = consumer.position(partition, SEND_TIMEOUT);
				OptionalLong lag = consumer.currentLag(partition);
				boolean atEnd = (end != null && position >= end)
						&& (lag.isPresent() ? lag.getAsLong() == 0 : records.isEmpty());
				// Between two ends of the log the fold may hold a state a compaction left
				// behind: only a view taken at the end is published
				if (atEnd && (unpublished || !this.readable.isDone())) {
					publish(position);
					unpublished = false;
				}
				if (atEnd && catchUpEnd != null && position >= catchUpEnd) {
					catchUp(catchingUp);
					catchUpEnd = null;
				}
				backOff = null;
			}
			catch (WakeupException ex) {
				// closing, or a catch-up was asked for
			}
			catch (KafkaException ex) {
				if (this.running) {
					backOff = (backOff != null) ? backOff : new ExponentialBackOff(100, 2).start();
					long pause = Math.min(backOff.nextBackOff(), 5000);
					logger.warn("Could not read " + this.topic + "; retrying in " + pause + " ms: " + ex);
					sleep(pause);
				}
			}
		}
		// The interrupt that ended a wait for the broker must not fail the close
		Thread.interrupted();
		try {
			consumer.close(CLOSE_TIMEOUT);
		}
		catch (KafkaException ex) {
			logger.debug("Could not close the control consumer cleanly", ex);
		}
	}

	private void catchUp(List<CompletableFuture<FleetView>> catchingUp) {
		FleetView view = this.view;
		catchingUp.forEach((caughtUp) -> caughtUp.complete(view));
		catchingUp.clear();
	}

	private void apply(ConsumerRecord<String, String> record) {
		try {
			ControlRecord read = this.codec.read(record.key(), record.value(), record.offset());
			if (read != null) {
				this.fold.apply(read);
			}
		}
		catch (JacksonException ex) {
			logger.warn("Ignoring unreadable record at offset " + record.offset() + " of " + this.topic + ": " + ex);
		}
	}

	private void publish(long position) {
		FleetView view = this.fold.view(position);
		this.view = view;
		this.readable.complete(null);
		for (Consumer<FleetView> listener : this.listeners) {
			try {
				listener.accept(view);
			}
			catch (RuntimeException ex) {
				logger.warn("Fleet view listener failed", ex);
			}
		}
	}

	private boolean provisionUntilStopped() {
		while (this.running) {
			try {
				if (this.controlTopic.provision()) {
					this.provisioned = true;
					return true;
				}
			}
			catch (ControlTopic.InvalidControlTopicException ex) {
				logger.error("Not reading the control topic; this instance stays paused: " + ex.getMessage());
				return false;
			}
		}
		return false;
	}

	private Map<String, Object> producerConfig() {
		Map<String, Object> config = new HashMap<>(this.connection);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "bluegreen-control-producer-" + this.instanceId);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
		return config;
	}

	private Map<String, Object> consumerConfig() {
		Map<String, Object> config = new HashMap<>(this.connection);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bluegreen-control-consumer-" + this.instanceId);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		// A long poll: the broker answers a fetch as soon as a record is appended, and an
		// idle instance sends about two fetches a second
		config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis());
		// The topic is created and checked by ControlTopic, never by broker auto-creation
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		return config;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		KafkaConsumer<String, String> consumer = this.consumer;
		if (consumer != null) {
			consumer.wakeup();
		}
		Thread reader = this.reader;
		if (reader != null) {
			// The wakeup ends a poll, and the reader closes its consumer; an interrupt only
			// for a reader still waiting for the broker, as it does while creating the topic,
			// since one that lands in the consumer's close fails it
			join(reader, CLOSE_TIMEOUT.multipliedBy(2));
			if (reader.isAlive()) {
				reader.interrupt();
				join(reader, CLOSE_TIMEOUT);
			}
		}
		KafkaProducer<String, String> producer = this.producer;
		if (producer != null) {
			// Writes that matter were awaited by their writers: nothing is left to send
			producer.close(CLOSE_TIMEOUT);
		}
	}

	private static void join(Thread reader, Duration timeout) {
		try {
			reader.join(timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Start before the follower reads the log, stop after the reporter withdrew.
	 */
	@Override
	public int getPhase() {
		return DesiredStateFollower.PHASE - 10;
	}

}
