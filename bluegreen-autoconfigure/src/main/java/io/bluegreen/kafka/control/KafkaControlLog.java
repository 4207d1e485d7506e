package io.bluegreen.kafka.control;

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

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.ControlRecordProblem;
import io.bluegreen.fleet.ControlRecordRefusals;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.DesiredStateFollower;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.InvalidControlRecordException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

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
 * costs the broker about two fetches a second, and a description of the topic every five
 * seconds.
 * <p>
 * Records of the deployment that are not valid, or that the fold refuses, are skipped and
 * counted; nothing but a stop ends the reader. When the topic is deleted, created anew or
 * its offsets go back, the reader creates it again if needed, writes the decided state it
 * holds into it, and reads it from its start.
 *
 * @author bluegreen
 */
public class KafkaControlLog implements ControlLog, SmartLifecycle {

	private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(500);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * How often the reader checks that the topic it reads is still the control topic: not
	 * deleted, not created anew.
	 */
	private static final Duration TOPIC_CHECK_INTERVAL = Duration.ofSeconds(5);

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

	// The position in the log of the first record of the topic read now: positions keep
	// growing when the topic is replaced
	private volatile long base;

	// Confined to the reader: the furthest offset read in the topic, and its id
	private long furthest;

	private @Nullable Uuid topicId;

	private long nextTopicCheck;

	private @Nullable Admin admin;

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
							appended.complete(this.base + metadata.offset());
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
		this.topicId = topicId();
		this.nextTopicCheck = System.nanoTime() + TOPIC_CHECK_INTERVAL.toNanos();
		while (this.running) {
			try {
				String lost = lost(consumer, partition);
				if (lost != null) {
					restartWithTheDecidedState(consumer, partition, lost);
					end = null;
					catchUpEnd = null;
					unpublished = true;
				}
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
				if (position < this.furthest) {
					// The consumer went back to the log's start: the topic was truncated or
					// replaced; the next turn writes the decided state into it
					continue;
				}
				this.furthest = position;
				OptionalLong lag = consumer.currentLag(partition);
				boolean atEnd = (end != null && position >= end)
						&& (lag.isPresent() ? lag.getAsLong() == 0 : records.isEmpty());
				// Between two ends of the log the fold may hold a state a compaction left
				// behind: only a view taken at the end is published
				if (atEnd && (unpublished || !this.readable.isDone())) {
					publish(this.base + position);
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
			catch (RuntimeException ex) {
				// Nothing ends the reader but a stop: a view that stops moving holds every
				// newly assigned partition and every switch
				if (this.running) {
					backOff = (backOff != null) ? backOff : new ExponentialBackOff(100, 2).start();
					long pause = Math.min(backOff.nextBackOff(), 5000);
					if (ex instanceof KafkaException) {
						logger.warn("Could not read " + this.topic + "; retrying in " + pause + " ms: " + ex);
					}
					else {
						logger.error("Reading " + this.topic + " failed; retrying in " + pause + " ms", ex);
					}
					sleep(pause);
				}
			}
		}
		// The interrupt that ended a wait for the broker must not fail the close
		Thread.interrupted();
		Admin admin = this.admin;
		if (admin != null) {
			admin.close(Duration.ZERO);
		}
		try {
			consumer.close(CLOSE_TIMEOUT);
		}
		catch (KafkaException ex) {
			logger.debug("Could not close the control consumer cleanly", ex);
		}
	}

	/**
	 * Return how the topic was lost, or {@code null} if it was not: its offsets went back
	 * (truncated, or replaced by a topic the consumer reset to), it was deleted, or created
	 * anew under a new topic id.
	 */
	private @Nullable String lost(KafkaConsumer<String, String> consumer, TopicPartition partition) {
		long position = consumer.position(partition, SEND_TIMEOUT);
		if (position < this.furthest) {
			return "went back from offset " + this.furthest + " to " + position;
		}
		if (System.nanoTime() < this.nextTopicCheck) {
			return null;
		}
		this.nextTopicCheck = System.nanoTime() + TOPIC_CHECK_INTERVAL.toNanos();
		Uuid previous = this.topicId;
		Uuid current = topicId();
		if (current == null && !this.readable.isDone()) {
			return null;
		}
		if (current == null) {
			return "was deleted";
		}
		this.topicId = current;
		if (previous != null && !previous.equals(current)) {
			return "was created anew (topic id " + current + ", before " + previous + ")";
		}
		return null;
	}

	/**
	 * Read the new topic from its start, and write the decided state this instance holds
	 * into it before anything else it writes: a fleet that lost its control topic keeps
	 * its state, and an instance that starts meanwhile finds it.
	 */
	private void restartWithTheDecidedState(KafkaConsumer<String, String> consumer, TopicPartition partition,
			String lost) {
		DesiredState desired = this.fold.desired();
		logger.warn("Control topic " + this.topic + " " + lost + "; writing the decided state into it"
				+ ((desired != null) ? " (version " + desired.version() + ", " + desired.active() + " active)" : ""));
		// Created again if missing, made compacted if the broker's auto-creation brought it back
		provision();
		this.base += this.furthest;
		this.furthest = 0;
		// Known from now on: a replaced topic is noticed once, however it shows first
		this.topicId = topicId();
		this.nextTopicCheck = System.nanoTime() + TOPIC_CHECK_INTERVAL.toNanos();
		this.fold.newLog();
		consumer.seekToBeginning(List.of(partition));
		if (desired != null) {
			try {
				append(new ControlRecord.Decision(desired)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// The next check finds the topic lost again, or another instance wrote it
				logger.warn("Could not write the decided state into " + this.topic + ": " + ex);
			}
		}
	}

	private void provision() {
		try {
			this.provisioned = this.controlTopic.provision();
		}
		catch (ControlTopic.InvalidControlTopicException ex) {
			// Created anew by the broker's auto-creation: it must keep the state from now on
			try {
				this.controlTopic.compact(admin());
			}
			catch (Exception compactFailed) {
				logger.error(ex.getMessage() + "; this instance could not change it: " + compactFailed);
			}
		}
	}

	private @Nullable Uuid topicId() {
		try {
			return this.controlTopic.topicId(admin());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.topicId;
		}
		catch (Exception ex) {
			// Not known: the broker did not answer; the next check asks again
			logger.debug("Could not describe " + this.topic + ": " + ex);
			return this.topicId;
		}
	}

	private Admin admin() {
		Admin admin = this.admin;
		if (admin == null) {
			Map<String, Object> config = new HashMap<>(this.connection);
			config.put(AdminClientConfig.CLIENT_ID_CONFIG, "bluegreen-control-admin-" + this.instanceId);
			admin = Admin.create(config);
			this.admin = admin;
		}
		return admin;
	}

	private void catchUp(List<CompletableFuture<FleetView>> catchingUp) {
		FleetView view = this.view;
		catchingUp.forEach((caughtUp) -> caughtUp.complete(view));
		catchingUp.clear();
	}

	private void apply(ConsumerRecord<String, String> record) {
		ControlRecord read;
		try {
			read = this.codec.read(record.key(), record.value(), record.offset());
		}
		catch (InvalidControlRecordException ex) {
			this.fold.refusals().refuse(String.valueOf(record.key()), record.offset(), ex.getProblem(),
					String.valueOf(ex.getMessage()));
			return;
		}
		if (read == null) {
			return;
		}
		try {
			this.fold.apply(read);
		}
		catch (RuntimeException ex) {
			// The reader must go on: a record the fold cannot take is skipped like an invalid one
			logger.error("Could not fold the control record at offset " + record.offset() + " of " + this.topic, ex);
			this.fold.refusals()
				.refuse(String.valueOf(record.key()), record.offset(), ControlRecordProblem.UNREADABLE, ex.toString());
		}
	}

	@Override
	public ControlRecordRefusals refusals() {
		return this.fold.refusals();
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
