package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.ControlRecordProblem;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.fleet.InvalidControlRecordException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The reader of the {@link KafkaControlLog}, run on a thread of its own: folds the
 * deployment's records from the beginning of the topic, publishes a view whenever it has
 * read to the end of the partition, answers catch-ups, and notices a lost topic.
 * <p>
 * Records of the deployment that are not valid, or that the fold refuses, are skipped and
 * counted; nothing but a stop ends the reader. When the topic is deleted, created anew or
 * its offsets go back, the reader creates it again if needed, writes the decided state it
 * holds into it, and reads it from its start.
 *
 * @author bluegreen
 */
final class ControlLogReader implements Runnable {

	private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

	private static final Duration SEND_TIMEOUT = KafkaControlLog.SEND_TIMEOUT;

	private static final Duration REWRITE_INTERVAL = Duration.ofSeconds(1);

	private static final Duration CLOSE_TIMEOUT = KafkaControlLog.CLOSE_TIMEOUT;

	private static final Log logger = LogFactory.getLog(ControlLogReader.class);

	private volatile @Nullable KafkaConsumer<String, String> consumer;

	private final ControlTopic controlTopic;

	private final String topic;

	private final ControlRecordCodec codec;

	private final ControlLogFold fold;

	private final BooleanSupplier running;

	private final Function<ControlRecord, CompletableFuture<Long>> append;

	private final List<Consumer<FleetView>> listeners = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Void> readable = new CompletableFuture<>();

	private final Queue<CompletableFuture<FleetView>> catchUps = new ConcurrentLinkedQueue<>();

	private volatile FleetView view;

	private volatile boolean provisioned;

	private final ControlTopicWatch watch;

	// The decided state still to be written into a new topic, after a write that failed,
	// and when to try again
	private @Nullable DesiredState unwritten;

	private long rewriteAt;

	ControlLogReader(ControlClients clients, ControlTopic controlTopic, ControlRecordCodec codec, ControlLogFold fold,
			FleetView view, BooleanSupplier running, Function<ControlRecord, CompletableFuture<Long>> append) {
		this.controlTopic = controlTopic;
		this.topic = controlTopic.name();
		this.watch = new ControlTopicWatch(controlTopic, clients);
		this.codec = codec;
		this.fold = fold;
		this.view = view;
		this.running = running;
		this.append = append;
	}

	FleetView view() {
		return this.view;
	}

	CompletableFuture<Void> readable() {
		return this.readable;
	}

	boolean provisioned() {
		return this.provisioned;
	}

	long base() {
		return this.watch.base();
	}

	void onChange(Consumer<FleetView> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Create the control topic if it is missing and check it.
	 * @return whether it was created and checked
	 * @throws ControlTopic.InvalidControlTopicException if the topic must not be used
	 */
	boolean provision() {
		this.provisioned = this.controlTopic.provision();
		return this.provisioned;
	}

	/**
	 * Give the reader its consumer, before it runs.
	 */
	void connect(KafkaConsumer<String, String> consumer) {
		this.consumer = consumer;
	}

	/**
	 * Ask for a catch-up: the reader asks for the end of the log at once.
	 */
	void catchUp(CompletableFuture<FleetView> caughtUp) {
		this.catchUps.add(caughtUp);
		wakeup();
	}

	/**
	 * End the reader's long poll.
	 */
	void wakeup() {
		KafkaConsumer<String, String> consumer = this.consumer;
		if (consumer != null) {
			consumer.wakeup();
		}
	}

	@Override
	public void run() {
		// Before the first view: an instance is ready once a switch finds the codec warm
		try {
			this.codec.warmUp();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not warm the control record codec up; the first switch builds what it needs", ex);
		}
		read();
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
		this.watch.start();
		while (this.running.getAsBoolean()) {
			try {
				String lost = this.watch.lost(consumer.position(partition, SEND_TIMEOUT), this.readable.isDone());
				if (lost != null) {
					restartWithTheDecidedState(consumer, partition, lost);
					end = null;
					catchUpEnd = null;
					unpublished = true;
				}
				else if (this.unwritten != null && System.nanoTime() - this.rewriteAt >= 0) {
					writeDecidedState();
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
				if (!this.watch.reached(position)) {
					// The consumer went back to the log's start: the topic was truncated
					// or replaced; the next turn writes the decided state into it
					continue;
				}
				OptionalLong lag = consumer.currentLag(partition);
				boolean atEnd = (end != null && position >= end)
						&& (lag.isPresent() ? lag.getAsLong() == 0 : records.isEmpty());
				// Between two ends of the log the fold may hold a state a compaction left
				// behind: only a view taken at the end is published
				if (atEnd && (unpublished || !this.readable.isDone())) {
					publish(this.watch.base() + position);
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
				// Nothing ends the reader but a stop: a view that stops moving holds
				// every newly assigned partition and every switch
				if (this.running.getAsBoolean()) {
					backOff = (backOff != null) ? backOff : retryBackOff().start();
					long pause = backOff.nextBackOff();
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
		this.watch.close();
		try {
			consumer.close(CLOSE_TIMEOUT);
		}
		catch (KafkaException ex) {
			logger.debug("Could not close the control consumer cleanly", ex);
		}
	}

	/**
	 * Read the new topic from its start, and write the decided state this instance holds
	 * into it before anything else it writes: a fleet that lost its control topic keeps
	 * its state, and an instance that starts meanwhile finds it.
	 */
	private void restartWithTheDecidedState(KafkaConsumer<String, String> consumer, TopicPartition partition,
			String lost) {
		// Nothing if it never read to the end of the old topic: a state read from the
		// start of a compacted topic may be older than the decided one
		this.fold.newLog(this.readable.isDone());
		DesiredState desired = this.fold.desired();
		logger.warn("Control topic " + this.topic + " " + lost + "; writing the decided state into it"
				+ ((desired != null) ? " (version " + desired.version() + ", " + desired.active() + " active)" : ""));
		Boolean provisioned = this.watch.replaced();
		if (provisioned != null) {
			this.provisioned = provisioned;
		}
		consumer.seekToBeginning(List.of(partition));
		this.unwritten = desired;
		writeDecidedState();
	}

	/**
	 * Write the decided state into a new topic, until a write is acknowledged or a later
	 * state is decided: an instance that starts meanwhile waits for it, and no other
	 * instance may hold it.
	 */
	private void writeDecidedState() {
		DesiredState desired = this.unwritten;
		if (desired == null) {
			return;
		}
		DesiredState held = this.fold.desired();
		if (held == null || held.version() > desired.version()) {
			this.unwritten = null;
			return;
		}
		try {
			this.append.apply(new ControlRecord.Decision(desired)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			this.unwritten = null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			this.rewriteAt = System.nanoTime() + REWRITE_INTERVAL.toNanos();
			logger.warn("Could not write the decided state into " + this.topic + "; retrying in "
					+ REWRITE_INTERVAL.toMillis() + " ms: " + ex);
		}
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
			this.fold.refusals()
				.refuse(String.valueOf(record.key()), record.offset(), ex.getProblem(),
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
			// The reader must go on: a record the fold
			// cannot take is skipped like an invalid one
			logger.error("Could not fold the control record at offset " + record.offset() + " of " + this.topic, ex);
			this.fold.refusals()
				.refuse(String.valueOf(record.key()), record.offset(), ControlRecordProblem.UNREADABLE, ex.toString());
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
		while (this.running.getAsBoolean()) {
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

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ExponentialBackOff retryBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
		backOff.setMaxInterval(5000);
		return backOff;
	}

}
