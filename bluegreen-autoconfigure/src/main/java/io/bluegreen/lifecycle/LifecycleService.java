package io.bluegreen.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.bluegreen.lifecycle.TransitionResult.Outcome;
import io.bluegreen.scheduling.BlueGreenThreads;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Owns the lifecycle state machine of an application: {@code ACTIVE → DRAINING → PAUSED}
 * and back. Requests are serialized on a scheduler that runs one task at a time, so
 * repeated and concurrent requests are idempotent; {@link LifecycleState#PAUSED} is
 * entered only when the {@link ManagedListeners} prove the drain. A drain is checked when
 * a consumer makes progress towards it, and otherwise at delays that grow from 10 to 250
 * ms.
 * <p>
 * Starts before the listener containers, so an initial {@code PAUSED} state is in force
 * before the first poll.
 *
 * @author bluegreen
 */
public class LifecycleService implements SmartLifecycle {

	/**
	 * Phase of this service: before the listener containers start, after they stop.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 1000;

	/**
	 * First delay of the check that backs up the consumers' progress events, for what
	 * they cannot signal: a commit made by a transaction, a group that settles.
	 */
	private static final Duration FIRST_RECHECK = Duration.ofMillis(10);

	private static final Duration LAST_RECHECK = Duration.ofMillis(250);

	private static final BackOff RECHECKS = recheckBackOff();

	private static final Duration CHECK_INTERVAL_AFTER_TIMEOUT = Duration.ofMillis(500);

	private static final Log logger = LogFactory.getLog(LifecycleService.class);

	private final ManagedListeners listeners;

	private final ApplicationEventPublisher eventPublisher;

	private final @Nullable String color;

	private final Supplier<LifecycleState> initialState;

	private final TransitionGuard guard;

	private final Duration drainTimeout;

	private final Clock clock;

	private final TaskScheduler scheduler;

	// Whether this service made its scheduler, and shuts it down when it stops
	private final boolean ownsScheduler;

	private final AtomicBoolean progressCheckQueued = new AtomicBoolean();

	private volatile Snapshot snapshot;

	private volatile boolean running;

	// Written on the lifecycle thread only; its fields are confined to that thread
	private volatile @Nullable Drain drain;

	/**
	 * Create a new service that allows every request.
	 * @param listeners the listeners to manage
	 * @param eventPublisher publisher of {@link LifecycleTransitionEvent}s
	 * @param color the color of the application, or {@code null}
	 * @param initialState the state to start in, {@code ACTIVE} or {@code PAUSED}
	 * @param drainTimeout how long a drain may take before it is reported as timed out
	 * @param clock the clock for timestamps
	 */
	public LifecycleService(ManagedListeners listeners, ApplicationEventPublisher eventPublisher,
			@Nullable String color, LifecycleState initialState, Duration drainTimeout, Clock clock) {
		this(listeners, eventPublisher, color, () -> initialState, TransitionGuard.NONE, drainTimeout, clock);
		Assert.isTrue(initialState.isRequestable(),
				() -> "Initial state must be ACTIVE or PAUSED, not " + initialState);
	}

	/**
	 * Create a new service.
	 * @param listeners the listeners to manage
	 * @param eventPublisher publisher of {@link LifecycleTransitionEvent}s
	 * @param color the color of the application, or {@code null}
	 * @param initialState resolves the state to start in, {@code ACTIVE} or
	 * {@code PAUSED}, when the service starts
	 * @param guard decides whether a request may be served
	 * @param drainTimeout how long a drain may take before it is reported as timed out
	 * @param clock the clock for timestamps
	 */
	public LifecycleService(ManagedListeners listeners, ApplicationEventPublisher eventPublisher,
			@Nullable String color, Supplier<LifecycleState> initialState, TransitionGuard guard, Duration drainTimeout,
			Clock clock) {
		this(listeners, eventPublisher, color, initialState, guard, drainTimeout, clock, ownScheduler(clock), true);
	}

	/**
	 * Create a new service on a scheduler of the caller's.
	 * @param listeners the listeners to manage
	 * @param eventPublisher publisher of {@link LifecycleTransitionEvent}s
	 * @param color the color of the application, or {@code null}
	 * @param initialState resolves the state to start in, {@code ACTIVE} or
	 * {@code PAUSED}, when the service starts
	 * @param guard decides whether a request may be served
	 * @param drainTimeout how long a drain may take before it is reported as timed out
	 * @param clock the clock for timestamps and delays, the scheduler's
	 * @param scheduler runs the service's work one task at a time, in the order it was
	 * submitted, as a scheduler of a single thread does
	 */
	public LifecycleService(ManagedListeners listeners, ApplicationEventPublisher eventPublisher,
			@Nullable String color, Supplier<LifecycleState> initialState, TransitionGuard guard, Duration drainTimeout,
			Clock clock, TaskScheduler scheduler) {
		this(listeners, eventPublisher, color, initialState, guard, drainTimeout, clock, scheduler, false);
	}

	private LifecycleService(ManagedListeners listeners, ApplicationEventPublisher eventPublisher,
			@Nullable String color, Supplier<LifecycleState> initialState, TransitionGuard guard, Duration drainTimeout,
			Clock clock, TaskScheduler scheduler, boolean ownsScheduler) {
		Assert.isTrue(!drainTimeout.isNegative() && !drainTimeout.isZero(), "Drain timeout must be positive");
		this.listeners = listeners;
		this.eventPublisher = eventPublisher;
		this.color = color;
		this.initialState = initialState;
		this.guard = guard;
		this.drainTimeout = drainTimeout;
		this.clock = clock;
		this.snapshot = new Snapshot(LifecycleState.ACTIVE, clock.instant(), null);
		this.scheduler = scheduler;
		this.ownsScheduler = ownsScheduler;
	}

	private static ThreadPoolTaskScheduler ownScheduler(Clock clock) {
		ThreadPoolTaskScheduler scheduler = BlueGreenThreads.scheduler("bluegreen-lifecycle-");
		scheduler.setClock(clock);
		scheduler.initialize();
		return scheduler;
	}

	private static BackOff recheckBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RECHECK.toMillis(), 2);
		backOff.setMaxInterval(LAST_RECHECK.toMillis());
		return backOff;
	}

	private void execute(Runnable task) {
		// Due now: after every task submitted before
		// it, as the scheduler's queue is ordered
		this.scheduler.schedule(task, this.clock.instant());
	}

	private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.scheduler.schedule(task, this.clock.instant().plus(delay));
	}

	/**
	 * Return the current state.
	 * @return the state
	 */
	public LifecycleState getState() {
		return this.snapshot.state();
	}

	/**
	 * Return the color of the application.
	 * @return the color or {@code null}
	 */
	public @Nullable String getColor() {
		return this.color;
	}

	/**
	 * Return how long a drain may take before it is reported as timed out.
	 * @return the drain timeout
	 */
	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	/**
	 * Return a snapshot of the lifecycle, with the current state of every managed
	 * listener.
	 * @return the status
	 */
	public LifecycleStatus status() {
		return status(this.snapshot, this.listeners.inspect());
	}

	/**
	 * Return how many records the managed listeners' consumers fetched while paused: a
	 * fault that {@code PAUSED} does not hide. Such records are not processed.
	 * @return the number of records since the application started
	 */
	public long fetchedWhilePaused() {
		return this.listeners.fetchedWhilePaused();
	}

	/**
	 * Request a state. {@code PAUSED} completes when the drain is proven, when it times
	 * out, or when a later {@code ACTIVE} request cancels it; {@code ACTIVE} completes as
	 * soon as every managed listener is asked to resume. A request the
	 * {@link TransitionGuard} refuses completes as {@link Outcome#REFUSED} and changes
	 * nothing.
	 * @param target {@link LifecycleState#ACTIVE} or {@link LifecycleState#PAUSED}
	 * @return the result, completed on the lifecycle thread
	 * @throws IllegalArgumentException if the target is {@link LifecycleState#DRAINING}
	 */
	public CompletableFuture<TransitionResult> request(LifecycleState target) {
		Assert.isTrue(target.isRequestable(),
				() -> "State " + target + " cannot be requested; allowed: " + requestableStates());
		CompletableFuture<TransitionResult> result = new CompletableFuture<>();
		execute(() -> {
			try {
				String refusal = this.guard.refusal(target);
				if (refusal != null) {
					result.complete(new TransitionResult(Outcome.REFUSED, status(), refusal));
				}
				else if (target == LifecycleState.ACTIVE) {
					doResume(result);
				}
				else {
					doPause(result);
				}
			}
			catch (RuntimeException ex) {
				result.completeExceptionally(ex);
			}
		});
		return result;
	}

	/**
	 * Return the states that can be requested.
	 * @return the requestable states
	 */
	public static List<LifecycleState> requestableStates() {
		return List.of(LifecycleState.ACTIVE, LifecycleState.PAUSED);
	}

	private void doPause(CompletableFuture<TransitionResult> result) {
		LifecycleState state = this.snapshot.state();
		if (state == LifecycleState.PAUSED) {
			result.complete(new TransitionResult(Outcome.COMPLETED, status()));
			return;
		}
		if (this.drain == null) {
			startDrain();
		}
		Drain drain = this.drain;
		if (drain != null) {
			drain.waiters.add(new Waiter(result, this.clock.instant().plus(this.drainTimeout)));
		}
		else {
			result.complete(new TransitionResult(Outcome.COMPLETED, status()));
		}
	}

	private void startDrain() {
		Instant now = this.clock.instant();
		requestPause();
		Drain drain = new Drain(now);
		List<ListenerStatus> inspected = this.listeners.inspect();
		if (allPaused(inspected)) {
			changeState(LifecycleState.PAUSED, drain.finish(DrainOutcome.COMPLETED, now), Duration.ZERO);
			return;
		}
		this.drain = drain;
		changeState(LifecycleState.DRAINING, drain.status(DrainOutcome.IN_PROGRESS), null);
		schedule(drain.nextRecheck());
	}

	/**
	 * Request the pause. It holds for partitions and consumers that come later too.
	 */
	private void requestPause() {
		this.listeners.requestPause();
	}

	private void schedule(Duration interval) {
		Drain drain = this.drain;
		if (drain != null) {
			drain.check = schedule(this::checkDrain, interval);
		}
	}

	/**
	 * Check the drain soon after a consumer made progress: one check however many
	 * consumers signal at once.
	 */
	private void progressed() {
		if (this.drain != null && this.progressCheckQueued.compareAndSet(false, true)) {
			try {
				execute(() -> {
					this.progressCheckQueued.set(false);
					Drain drain = this.drain;
					if (drain != null) {
						drain.recheckSoon();
						checkDrain();
					}
				});
			}
			catch (TaskRejectedException ex) {
				// stopped
				this.progressCheckQueued.set(false);
			}
		}
	}

	private void checkDrain() {
		Drain drain = this.drain;
		if (drain == null) {
			return;
		}
		if (drain.check != null) {
			// An event-driven check runs before the
			// timer's: the timer starts over after it
			drain.check.cancel(false);
			drain.check = null;
		}
		Instant now = this.clock.instant();
		List<ListenerStatus> inspected;
		try {
			inspected = this.listeners.inspect();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not inspect listeners during drain; retrying", ex);
			schedule(CHECK_INTERVAL_AFTER_TIMEOUT);
			return;
		}
		if (allPaused(inspected)) {
			this.drain = null;
			Duration duration = Duration.between(drain.startedAt, now);
			changeState(LifecycleState.PAUSED, drain.finish(DrainOutcome.COMPLETED, now), duration);
			LifecycleStatus status = status(this.snapshot, inspected);
			drain.waiters.forEach((waiter) -> waiter.result.complete(new TransitionResult(Outcome.COMPLETED, status)));
			return;
		}
		logPending(drain, inspected);
		if (!drain.timedOut && !now.isBefore(drain.startedAt.plus(this.drainTimeout))) {
			drain.timedOut = true;
			logger
				.warn("Drain did not complete within " + this.drainTimeout + "; still pending: " + pending(inspected));
			this.snapshot = new Snapshot(LifecycleState.DRAINING, this.snapshot.since(),
					drain.status(DrainOutcome.TIMED_OUT));
		}
		completeExpiredWaiters(drain, now, inspected);
		schedule(drain.timedOut ? CHECK_INTERVAL_AFTER_TIMEOUT : drain.nextRecheck());
	}

	/**
	 * Log what a drain waits for whenever it changes, so that a drain that takes long can
	 * be followed step by step.
	 */
	private void logPending(Drain drain, List<ListenerStatus> inspected) {
		if (logger.isDebugEnabled()) {
			List<String> pending = pending(inspected);
			if (!pending.equals(drain.lastPending)) {
				drain.lastPending = pending;
				logger
					.debug("Drain" + ((this.color != null) ? " of color " + this.color : "") + " waits for " + pending);
			}
		}
	}

	private void completeExpiredWaiters(Drain drain, Instant now, List<ListenerStatus> inspected) {
		Iterator<Waiter> waiters = drain.waiters.iterator();
		while (waiters.hasNext()) {
			Waiter waiter = waiters.next();
			if (!now.isBefore(waiter.deadline)) {
				waiters.remove();
				waiter.result.complete(new TransitionResult(Outcome.TIMED_OUT, status(this.snapshot, inspected)));
			}
		}
	}

	private void doResume(CompletableFuture<TransitionResult> result) {
		if (this.snapshot.state() == LifecycleState.ACTIVE) {
			result.complete(new TransitionResult(Outcome.COMPLETED, status()));
			return;
		}
		this.listeners.requestResume();
		Drain drain = this.drain;
		this.drain = null;
		if (drain != null) {
			if (drain.check != null) {
				drain.check.cancel(false);
			}
			Instant now = this.clock.instant();
			changeState(LifecycleState.ACTIVE, drain.finish(DrainOutcome.CANCELLED, now),
					Duration.between(drain.startedAt, now));
			LifecycleStatus status = status();
			drain.waiters.forEach((waiter) -> waiter.result.complete(new TransitionResult(Outcome.CANCELLED, status)));
		}
		else {
			changeState(LifecycleState.ACTIVE, this.snapshot.drain(), null);
		}
		result.complete(new TransitionResult(Outcome.COMPLETED, status()));
	}

	private void changeState(LifecycleState to, @Nullable DrainStatus drain, @Nullable Duration drainDuration) {
		LifecycleState from = this.snapshot.state();
		this.snapshot = new Snapshot(to, this.clock.instant(), drain);
		if (from != to) {
			logger
				.info("Lifecycle " + from + " -> " + to + ((this.color != null) ? " (color " + this.color + ")" : ""));
			this.eventPublisher.publishEvent(new LifecycleTransitionEvent(this, from, to, this.color, drainDuration));
		}
	}

	private LifecycleStatus status(Snapshot snapshot, List<ListenerStatus> listeners) {
		return new LifecycleStatus(snapshot.state(), this.color, snapshot.since(), snapshot.drain(), listeners);
	}

	private static boolean allPaused(List<ListenerStatus> listeners) {
		return listeners.stream().allMatch((listener) -> listener.state() == LifecycleState.PAUSED);
	}

	private static List<String> pending(List<ListenerStatus> listeners) {
		List<String> pending = new ArrayList<>();
		listeners.stream()
			.filter((listener) -> listener.state() != LifecycleState.PAUSED)
			.forEach((listener) -> pending.add(listener.id() + " " + listener.pending()));
		return pending;
	}

	@Override
	public void start() {
		this.listeners.validate();
		this.listeners.prepare();
		this.listeners.onProgress(this::progressed);
		LifecycleState initialState = this.initialState.get();
		Assert.state(initialState.isRequestable(), () -> "Initial state must be ACTIVE or PAUSED, not " + initialState);
		if (initialState == LifecycleState.PAUSED) {
			// Wait for the pause to be requested, not drained: the containers start next.
			CompletableFuture<Void> requested = new CompletableFuture<>();
			execute(() -> {
				applyInitialPause();
				requested.complete(null);
			});
			requested.join();
		}
		this.running = true;
	}

	private void applyInitialPause() {
		requestPause();
		if (allPaused(this.listeners.inspect())) {
			// Starting paused is not a transition: nothing consumed yet.
			this.snapshot = new Snapshot(LifecycleState.PAUSED, this.clock.instant(), null);
		}
		else {
			startDrain();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.ownsScheduler && this.scheduler instanceof ThreadPoolTaskScheduler scheduler) {
			scheduler.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private record Snapshot(LifecycleState state, Instant since, @Nullable DrainStatus drain) {

	}

	private record Waiter(CompletableFuture<TransitionResult> result, Instant deadline) {

	}

	private final class Drain {

		private final Instant startedAt;

		private final List<Waiter> waiters = new ArrayList<>();

		private @Nullable ScheduledFuture<?> check;

		private boolean timedOut;

		private List<String> lastPending = List.of();

		private BackOffExecution rechecks = RECHECKS.start();

		private Drain(Instant startedAt) {
			this.startedAt = startedAt;
		}

		private Duration nextRecheck() {
			return Duration.ofMillis(this.rechecks.nextBackOff());
		}

		private void recheckSoon() {
			this.rechecks = RECHECKS.start();
		}

		private DrainStatus status(DrainOutcome outcome) {
			return new DrainStatus(outcome, this.startedAt, null, LifecycleService.this.drainTimeout);
		}

		private DrainStatus finish(DrainOutcome outcome, Instant now) {
			return new DrainStatus(outcome, this.startedAt, Duration.between(this.startedAt, now),
					LifecycleService.this.drainTimeout);
		}

	}

}
