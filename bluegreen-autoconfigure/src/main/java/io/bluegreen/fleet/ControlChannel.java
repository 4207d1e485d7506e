package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import tools.jackson.databind.json.JsonMapper;

import io.bluegreen.kafka.ControlTopic;

/**
 * The control topic as seen by one instance: a reader thread folds the records of a
 * deployment into a {@link FleetView}, and writes go through an idempotent producer. The
 * topic has one partition, so every instance reads the records in the same order; a
 * {@link DesiredState} is accepted only if it follows the accepted one, which makes a
 * proposal a compare-and-set decided by the log.
 * <p>
 * The clients use latency-oriented settings, independent of the application's listener
 * settings: a control record reaches every instance within milliseconds.
 *
 * @author bluegreen
 */
public class ControlChannel implements AutoCloseable {

	private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

	private static final int ACCEPTED_OFFSETS_KEPT = 1000;

	private static final Log logger = LogFactory.getLog(ControlChannel.class);

	private final Map<String, Object> connection;

	private final ControlTopic controlTopic;

	private final String topic;

	private final String deployment;

	private final String instanceId;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final List<Consumer<FleetView>> listeners = new CopyOnWriteArrayList<>();

	private final Object monitor = new Object();

	private final Map<Long, Long> acceptedOffsets = new ConcurrentHashMap<>();

	private volatile FleetView view;

	private volatile long position = -1;

	private volatile boolean caughtUp;

	private volatile boolean running;

	private volatile boolean provisioned;

	private @Nullable KafkaProducer<String, String> producer;

	private @Nullable KafkaConsumer<String, String> consumer;

	private @Nullable Thread reader;

	/**
	 * Create a new channel.
	 * @param connection the Kafka client configuration to connect with (bootstrap servers,
	 * security)
	 * @param controlTopic the control topic
	 * @param deployment the deployment whose records to read
	 * @param instanceId the id of this instance
	 * @param jsonMapper the mapper of the records
	 * @param clock the clock
	 */
	public ControlChannel(Map<String, Object> connection, ControlTopic controlTopic, String deployment,
			String instanceId, JsonMapper jsonMapper, Clock clock) {
		this.connection = Map.copyOf(connection);
		this.controlTopic = controlTopic;
		this.topic = controlTopic.name();
		this.deployment = deployment;
		this.instanceId = instanceId;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		this.view = new FleetView(deployment, null, Map.of());
	}

	/**
	 * Create the control topic if it is missing and check it, then start reading it from
	 * the beginning on a thread of its own. When the cluster cannot be reached within the
	 * startup timeout, that thread keeps trying.
	 * @throws ControlTopic.InvalidControlTopicException if the topic must not be used
	 */
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

	/**
	 * Register a listener called, on the reader thread, whenever new records were read.
	 * @param listener the listener
	 */
	public void onChange(Consumer<FleetView> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Wait until every record that existed when reading started has been read.
	 * @param timeout how long to wait
	 * @return whether the view is complete
	 */
	public boolean awaitCaughtUp(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			// The startup timeout was spent trying to reach the cluster already
			while (!this.caughtUp && this.provisioned && System.nanoTime() < deadline) {
				waitOnMonitor(deadline);
			}
			return this.caughtUp;
		}
	}

	/**
	 * Return whether the view is complete.
	 * @return whether every record that existed when reading started has been read
	 */
	public boolean isCaughtUp() {
		return this.caughtUp;
	}

	/**
	 * Return the current view.
	 * @return the view
	 */
	public FleetView view() {
		return this.view;
	}

	/**
	 * Wait until new records are read or the time is up.
	 * @param timeout how long to wait at most
	 */
	public void awaitChange(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			waitOnMonitor(deadline);
		}
	}

	/**
	 * Propose the next desired state and wait until the log decided on it.
	 * @param next a state derived from the current one
	 * @return whether the proposal won, and the desired state once it was read back
	 * @throws IllegalStateException if the proposal could not be written or read back
	 */
	public Proposal propose(DesiredState next) {
		long offset = append(stateKey(), write(next));
		long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
		synchronized (this.monitor) {
			while (this.position <= offset) {
				if (System.nanoTime() >= deadline) {
					throw new IllegalStateException("Proposal at offset " + offset + " of " + this.topic
							+ " was not read back within " + SEND_TIMEOUT);
				}
				waitOnMonitor(deadline);
			}
		}
		DesiredState current = this.view.desired();
		if (current == null) {
			throw new IllegalStateException("Proposal at offset " + offset + " of " + this.topic + " was not read");
		}
		Long accepted = this.acceptedOffsets.get(next.version());
		return new Proposal(accepted != null && accepted == offset, current);
	}

	/**
	 * Publish the report of this instance.
	 * @param report the report
	 * @throws IllegalStateException if it could not be written
	 */
	public void report(InstanceReport report) {
		append(reportKey(), write(report));
	}

	/**
	 * Remove the report of this instance, so it no longer counts as live.
	 * @throws IllegalStateException if the removal could not be written
	 */
	public void withdraw() {
		append(reportKey(), null);
	}

	private long append(String key, @Nullable String value) {
		KafkaProducer<String, String> producer = this.producer;
		if (producer == null || !this.running) {
			throw new IllegalStateException("Control channel is not running");
		}
		if (!this.provisioned) {
			// A producer would have a missing topic auto-created with the broker's defaults
			throw new IllegalStateException("Control topic " + this.topic + " is not created and checked yet");
		}
		try {
			return producer.send(new ProducerRecord<>(this.topic, 0, key, value))
				.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.offset();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while writing to " + this.topic, ex);
		}
		catch (ExecutionException | TimeoutException | KafkaException ex) {
			throw new IllegalStateException("Could not write to " + this.topic + ": " + ex, ex);
		}
	}

	private void read() {
		KafkaConsumer<String, String> consumer = this.consumer;
		if (consumer == null) {
			return;
		}
		if (!this.provisioned && !provisionUntilClosed()) {
			return;
		}
		TopicPartition partition = new TopicPartition(this.topic, 0);
		consumer.assign(List.of(partition));
		consumer.seekToBeginning(List.of(partition));
		Long end = null;
		while (this.running) {
			try {
				if (end == null) {
					end = consumer.endOffsets(List.of(partition), SEND_TIMEOUT).get(partition);
				}
				ConsumerRecords<String, String> records = consumer.poll(POLL_TIMEOUT);
				records.forEach(this::apply);
				long position = consumer.position(partition, SEND_TIMEOUT);
				boolean caughtUpNow = !this.caughtUp && end != null && position >= end;
				if (records.count() > 0 || caughtUpNow) {
					publish(position, caughtUpNow);
				}
			}
			catch (WakeupException ex) {
				// closing
			}
			catch (KafkaException ex) {
				if (this.running) {
					logger.warn("Could not read " + this.topic + "; retrying in " + RETRY_BACKOFF + ": " + ex);
					sleep(RETRY_BACKOFF);
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

	private void apply(ConsumerRecord<String, String> record) {
		String key = record.key();
		if (key == null) {
			return;
		}
		try {
			if (key.equals(stateKey())) {
				applyState(record.offset(), record.value());
			}
			else if (key.startsWith(reportKeyPrefix())) {
				applyReport(key.substring(reportKeyPrefix().length()), record.value());
			}
		}
		catch (JacksonException ex) {
			logger.warn("Ignoring unreadable record at offset " + record.offset() + " of " + this.topic + ": " + ex);
		}
	}

	private void applyState(long offset, @Nullable String value) {
		if (value == null) {
			return;
		}
		DesiredState next = this.jsonMapper.readValue(value, DesiredState.class);
		DesiredState current = this.view.desired();
		if (current == null || current.isFollowedBy(next)) {
			this.view = new FleetView(this.deployment, next, this.view.reports());
			this.acceptedOffsets.put(next.version(), offset);
			this.acceptedOffsets.remove(next.version() - ACCEPTED_OFFSETS_KEPT);
		}
		else {
			logger.debug("Ignoring desired state version " + next.version() + " by " + next.writer()
					+ ": version " + current.version() + " is in force");
		}
	}

	private void applyReport(String instanceId, @Nullable String value) {
		Map<String, FleetView.ReceivedReport> reports = new HashMap<>(this.view.reports());
		if (value == null) {
			reports.remove(instanceId);
		}
		else {
			InstanceReport report = this.jsonMapper.readValue(value, InstanceReport.class);
			reports.put(instanceId, new FleetView.ReceivedReport(report, this.clock.instant()));
		}
		this.view = new FleetView(this.deployment, this.view.desired(), Map.copyOf(reports));
	}

	private void publish(long position, boolean caughtUpNow) {
		synchronized (this.monitor) {
			this.position = position;
			if (caughtUpNow) {
				this.caughtUp = true;
			}
			this.monitor.notifyAll();
		}
		FleetView view = this.view;
		for (Consumer<FleetView> listener : this.listeners) {
			try {
				listener.accept(view);
			}
			catch (RuntimeException ex) {
				logger.warn("Fleet view listener failed", ex);
			}
		}
	}

	private String write(Object value) {
		return this.jsonMapper.writeValueAsString(value);
	}

	private String stateKey() {
		return "state/" + this.deployment;
	}

	private String reportKey() {
		return reportKeyPrefix() + this.instanceId;
	}

	private String reportKeyPrefix() {
		return "instance/" + this.deployment + "/";
	}

	private void waitOnMonitor(long deadlineNanos) {
		long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
		if (remaining <= 0) {
			return;
		}
		try {
			this.monitor.wait(remaining);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this.topic, ex);
		}
	}

	private boolean provisionUntilClosed() {
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
		// Auto-creation would give it the broker's defaults: deleted by time, replicated once
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		// Each hop of the protocol is one fetch: answer as soon as one byte is there
		config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
		return config;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.running = false;
		KafkaConsumer<String, String> consumer = this.consumer;
		if (consumer != null) {
			consumer.wakeup();
		}
		Thread reader = this.reader;
		if (reader != null) {
			// Also ends a wait for the broker while creating the topic
			reader.interrupt();
			try {
				reader.join(CLOSE_TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		KafkaProducer<String, String> producer = this.producer;
		if (producer != null) {
			// Every write was acknowledged when it returned: nothing is left to send
			producer.close(CLOSE_TIMEOUT);
		}
	}

	/**
	 * The decision of the log on a proposed desired state.
	 *
	 * @param accepted whether the proposal is the record the log accepted for its version
	 * @param current the desired state in force once the proposal was read back
	 */
	public record Proposal(boolean accepted, DesiredState current) {

	}

}
