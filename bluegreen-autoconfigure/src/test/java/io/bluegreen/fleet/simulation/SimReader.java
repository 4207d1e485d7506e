package io.bluegreen.fleet.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.ControlLogFold;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.ControlRecordRefusals;
import io.bluegreen.fleet.DesiredState;
import io.bluegreen.fleet.FleetView;
import org.jspecify.annotations.Nullable;

/**
 * One instance's connection to the simulated control log. Reads are delivered after a
 * random delay, sometimes in pieces (a view is published only at the end of the log);
 * appends land after a random delay, and may be lost, be written without an
 * acknowledgement, or be written again by a retry if the topic was created anew since
 * (the control producer is idempotent: within one topic a record lands once). While the
 * instance is cut off, nothing is read and every append fails unwritten.
 * <p>
 * When the topic is lost, the reader notices as the Kafka reader does: at once if its
 * position is beyond the new topic's end (the consumer's position goes back), otherwise
 * at its next check of the topic id. It then keeps the decided state it holds, writes it
 * into the new topic, and reads that from its start; positions keep growing across
 * topics.
 */
final class SimReader implements ControlLog {

	/**
	 * How often a reader checks the topic id, scaled as the simulation's other times.
	 */
	static final Duration TOPIC_CHECK_INTERVAL = Duration.ofMillis(500);

	/**
	 * How long a reader waits before it writes the decided state into a new topic again,
	 * after a write that failed.
	 */
	static final Duration REWRITE_INTERVAL = Duration.ofMillis(200);

	private final SimLog log;

	private final VirtualTime time;

	private final Random random;

	private final Faults faults;

	private final BooleanSupplier alive;

	private final ControlLogFold fold;

	private final BiConsumer<SimReader, FleetView> published;

	private final List<Consumer<FleetView>> listeners = new ArrayList<>();

	private FleetView view;

	private long position;

	private boolean connected = true;

	private boolean readScheduled;

	// The topic id this reader reads, and where it checks it next
	private int generation;

	// The topic id of the log the published view was read from
	private int viewGeneration;

	private Instant nextTopicCheck;

	// The position in the log of the first record of the topic read now
	private long base;

	// Whether the decided state is written into a new topic; off only for a planted bug
	private final boolean rewrites;

	// Whether the view must be published at the next end of the log, read or not
	private boolean unpublished;

	// Catch-ups asked for, by the end of the log they must read to once it is known
	private final Map<CompletableFuture<FleetView>, Long> catchUps = new LinkedHashMap<>();

	SimReader(SimLog log, VirtualTime time, Random random, Faults faults, BooleanSupplier alive, ControlLogFold fold,
			String deployment, BiConsumer<SimReader, FleetView> published) {
		this(log, time, random, faults, alive, fold, deployment, published, true);
	}

	SimReader(SimLog log, VirtualTime time, Random random, Faults faults, BooleanSupplier alive, ControlLogFold fold,
			String deployment, BiConsumer<SimReader, FleetView> published, boolean rewrites) {
		this.rewrites = rewrites;
		this.log = log;
		this.time = time;
		this.random = random;
		this.faults = faults;
		this.alive = alive;
		this.fold = fold;
		this.published = published;
		this.view = FleetView.unread(deployment);
		this.generation = log.generation();
		this.viewGeneration = this.generation;
		this.nextTopicCheck = time.instant().plus(TOPIC_CHECK_INTERVAL);
		log.onAppend(this::scheduleRead);
		scheduleRead();
	}

	void connect(boolean connected) {
		this.connected = connected;
		if (connected) {
			scheduleRead();
		}
	}

	boolean isConnected() {
		return this.connected;
	}

	void scheduleRead() {
		if (this.readScheduled || !this.alive.getAsBoolean()) {
			return;
		}
		this.readScheduled = true;
		Duration delay = Duration.ofMillis(this.random.nextInt(this.faults.maxReadDelayMillis() + 1));
		this.time.schedule(delay, this.alive, this::read);
	}

	private void read() {
		this.readScheduled = false;
		if (!this.connected) {
			return;
		}
		String lost = lost();
		if (lost != null) {
			restartWithTheDecidedState();
		}
		// The end of the log, asked for by a catch-up now that the log answers
		this.catchUps.replaceAll((future, end) -> (end < 0) ? this.log.end() : end);
		int budget = this.random.nextBoolean() ? Integer.MAX_VALUE : 1 + this.random.nextInt(3);
		Iterator<SimLog.Entry> entries = this.log.from(this.position).values().iterator();
		boolean read = false;
		while (budget-- > 0 && entries.hasNext()) {
			SimLog.Entry entry = entries.next();
			this.log.fold(entry, this.fold);
			this.position = entry.offset() + 1;
			read = true;
		}
		if (this.position < this.log.end() && !entries.hasNext()) {
			// Records below the position were compacted away
			this.position = this.log.end();
		}
		if (this.position >= this.log.end()) {
			if (read || this.unpublished || !this.view.readable()) {
				this.unpublished = false;
				this.view = this.fold.view(this.base + this.position);
				this.viewGeneration = this.generation;
				this.published.accept(this, this.view);
				this.listeners.forEach((listener) -> listener.accept(this.view));
			}
			List<CompletableFuture<FleetView>> caughtUp = new ArrayList<>();
			this.catchUps.forEach((future, end) -> {
				if (end >= 0 && this.position >= end) {
					caughtUp.add(future);
				}
			});
			caughtUp.forEach((future) -> {
				this.catchUps.remove(future);
				future.complete(this.view);
			});
		}
		else {
			scheduleRead();
		}
	}

	/**
	 * Return how the topic was lost, if this reader notices now.
	 */
	private @Nullable String lost() {
		if (this.generation == this.log.generation()) {
			if (!this.time.instant().isBefore(this.nextTopicCheck)) {
				this.nextTopicCheck = this.time.instant().plus(TOPIC_CHECK_INTERVAL);
			}
			return null;
		}
		if (this.position > this.log.end()) {
			return "went back";
		}
		if (!this.time.instant().isBefore(this.nextTopicCheck)) {
			return "created anew";
		}
		this.time.schedule(Duration.between(this.time.instant(), this.nextTopicCheck), this.alive, this::scheduleRead);
		return null;
	}

	private void restartWithTheDecidedState() {
		this.fold.newLog(this.view.readable());
		DesiredState desired = this.fold.desired();
		this.generation = this.log.generation();
		this.nextTopicCheck = this.time.instant().plus(TOPIC_CHECK_INTERVAL);
		this.base += this.position;
		this.position = 0;
		this.unpublished = true;
		// Ends asked for in the old topic are asked again in the new one
		this.catchUps.replaceAll((future, end) -> -1L);
		if (desired != null && this.rewrites) {
			writeDecidedState(desired, this.generation);
		}
	}

	/**
	 * Write the decided state into the new topic until a write is acknowledged, a later
	 * state is decided or the topic is lost again, as the Kafka reader does: an instance
	 * that starts meanwhile waits for it.
	 */
	private void writeDecidedState(DesiredState desired, int generation) {
		append(new ControlRecord.Decision(desired)).whenComplete((position, ex) -> {
			DesiredState held = this.fold.desired();
			if (ex != null && this.generation == generation && held != null && held.version() <= desired.version()) {
				this.time.schedule(REWRITE_INTERVAL, this.alive, () -> {
					DesiredState now = this.fold.desired();
					if (this.generation == generation && now != null && now.version() <= desired.version()) {
						writeDecidedState(desired, generation);
					}
				});
			}
		});
	}

	/**
	 * Return the decided state this reader holds, which it writes into a new topic:
	 * nothing until it read to the end of the log once.
	 */
	@Nullable DesiredState held() {
		return this.view.readable() ? this.fold.desired() : null;
	}

	@Override
	public FleetView view() {
		return this.view;
	}

	@Override
	public boolean awaitReadable(Duration timeout) {
		return this.view.readable();
	}

	@Override
	public void onChange(Consumer<FleetView> listener) {
		this.listeners.add(listener);
	}

	@Override
	public ControlRecordRefusals refusals() {
		return this.fold.refusals();
	}

	@Override
	public CompletableFuture<FleetView> caughtUp() {
		CompletableFuture<FleetView> caughtUp = new CompletableFuture<>();
		this.catchUps.put(caughtUp, -1L);
		scheduleRead();
		return caughtUp;
	}

	@Override
	public CompletableFuture<Long> append(ControlRecord record) {
		CompletableFuture<Long> appended = new CompletableFuture<>();
		if (!this.connected) {
			this.time.schedule(Duration.ofMillis(5), () -> true,
					() -> appended.completeExceptionally(new IllegalStateException("cut off")));
			return appended;
		}
		// The topic of the view the record derives from
		int generation = this.viewGeneration;
		boolean late = this.random.nextDouble() < this.faults.lateWrite();
		Duration delay = Duration.ofMillis(late ? 200 + this.random.nextInt(2000) : this.random.nextInt(4));
		this.time.schedule(delay, () -> true, () -> {
			if (this.random.nextDouble() < this.faults.lostWrite()) {
				appended.completeExceptionally(new IllegalStateException("write lost"));
				return;
			}
			long offset = this.base + this.log.append(record, generation);
			int landedIn = this.log.generation();
			if (this.random.nextDouble() < this.faults.duplicateWrite()) {
				// A retry of the idempotent producer writes the record once per topic:
				// again
				// only into a topic created anew since
				this.time.schedule(Duration.ofMillis(this.random.nextInt(50)), () -> true, () -> {
					if (this.log.generation() != landedIn) {
						this.log.append(record, generation);
					}
				});
			}
			if (this.random.nextDouble() < this.faults.lostAck()) {
				appended.completeExceptionally(new IllegalStateException("acknowledgement lost"));
			}
			else {
				appended.complete(offset);
			}
		});
		return appended;
	}

	/**
	 * How often each fault of the log happens.
	 */
	record Faults(int maxReadDelayMillis, double lateWrite, double lostWrite, double duplicateWrite, double lostAck) {

	}

}
