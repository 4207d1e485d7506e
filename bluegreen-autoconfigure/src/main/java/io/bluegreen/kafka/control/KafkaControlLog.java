package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.ControlRecordRefusals;
import io.bluegreen.fleet.DesiredStateFollower;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.scheduling.BlueGreenThreads;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The control log in a Kafka topic with one partition, so that every instance reads the
 * records in the same order. A reader thread folds the deployment's records from the
 * beginning and publishes a view whenever it has read to the end of the partition; writes
 * go through an idempotent producer.
 * <p>
 * The clients use settings of their own ({@link ControlClients}). The reader
 * ({@link ControlLogReader}) long-polls: the broker holds its fetch until a record is
 * appended, so a control record reaches every instance within milliseconds while an idle
 * instance costs the broker about two fetches a second, and a description of the topic
 * every five seconds.
 * <p>
 * Records of the deployment that are not valid, or that the fold refuses, are skipped and
 * counted; nothing but a stop ends the reader. When the topic is deleted, created anew or
 * its offsets go back, the reader creates it again if needed, writes the decided state it
 * holds into it, and reads it from its start.
 *
 * @author bluegreen
 */
public class KafkaControlLog implements ControlLog, SmartLifecycle {

	static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

	private final ControlClients clients;

	private final String topic;

	private final ControlRecordCodec codec;

	private final ControlLogFold fold;

	private final ControlLogReader reader;

	private volatile boolean running;

	private @Nullable KafkaProducer<String, String> producer;

	private final SimpleAsyncTaskExecutor readerExecutor;

	private @Nullable Future<?> readerTask;

	private @Nullable CompletableFuture<Void> readerEnded;

	/**
	 * Create a new log.
	 * @param connection the Kafka client configuration to connect with (bootstrap
	 * servers, security)
	 * @param controlTopic the control topic
	 * @param deployment the deployment whose records to read
	 * @param instanceId the id of this instance
	 * @param codec the keys and values of the deployment's records
	 */
	public KafkaControlLog(Map<String, Object> connection, ControlTopic controlTopic, String deployment,
			String instanceId, ControlRecordCodec codec) {
		this.clients = new ControlClients(connection, instanceId);
		this.topic = controlTopic.name();
		this.codec = codec;
		this.fold = new ControlLogFold(deployment);
		this.reader = new ControlLogReader(this.clients, controlTopic, codec, this.fold, FleetView.unread(deployment),
				() -> this.running, this::append);
		// The reader's own thread, as a listener container's consumer has: it blocks in
		// polls
		this.readerExecutor = BlueGreenThreads.executor("bluegreen-control-" + instanceId + "-");
	}

	/**
	 * Create the control topic if it is missing and check it, then start reading it from
	 * the beginning on a thread of its own. When the cluster cannot be reached within the
	 * startup timeout, that thread keeps trying.
	 * @throws ControlTopic.InvalidControlTopicException if the topic must not be used
	 */
	@Override
	public void start() {
		this.reader.provision();
		this.producer = this.clients.producer();
		this.reader.connect(this.clients.consumer());
		this.running = true;
		CompletableFuture<Void> ended = new CompletableFuture<>();
		this.readerEnded = ended;
		this.readerTask = this.readerExecutor.submit(() -> {
			try {
				this.reader.run();
			}
			finally {
				ended.complete(null);
			}
		});
	}

	@Override
	public void onChange(Consumer<FleetView> listener) {
		this.reader.onChange(listener);
	}

	@Override
	public boolean awaitReadable(Duration timeout) {
		if (!this.reader.provisioned()) {
			// The startup timeout was spent trying to reach the cluster already
			return false;
		}
		try {
			this.reader.readable().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
		return this.reader.view();
	}

	@Override
	public CompletableFuture<FleetView> caughtUp() {
		CompletableFuture<FleetView> caughtUp = new CompletableFuture<>();
		this.reader.catchUp(caughtUp);
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
		if (!this.reader.provisioned()) {
			// A producer would have a missing topic
			// auto-created with the broker's defaults
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
							appended.complete(this.reader.base() + metadata.offset());
						}
					});
		}
		catch (KafkaException ex) {
			appended
				.completeExceptionally(new IllegalStateException("Could not write to " + this.topic + ": " + ex, ex));
		}
		return appended;
	}

	@Override
	public ControlRecordRefusals refusals() {
		return this.fold.refusals();
	}

	@Override
	public void stop() {
		this.running = false;
		this.reader.wakeup();
		Future<?> task = this.readerTask;
		CompletableFuture<Void> ended = this.readerEnded;
		if (task != null && ended != null) {
			// The wakeup ends a poll, and the reader closes its consumer; an interrupt
			// only for a reader still waiting for the broker, as it does while creating
			// the topic, since one that lands in the consumer's close fails it
			await(ended, CLOSE_TIMEOUT.multipliedBy(2));
			if (!ended.isDone()) {
				task.cancel(true);
				await(ended, CLOSE_TIMEOUT);
			}
		}
		KafkaProducer<String, String> producer = this.producer;
		if (producer != null) {
			// Writes that matter were awaited by their writers: nothing is left to send
			producer.close(CLOSE_TIMEOUT);
		}
	}

	private static void await(CompletableFuture<Void> ended, Duration timeout) {
		try {
			ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Still running: the caller interrupts it, or gives up on it
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
