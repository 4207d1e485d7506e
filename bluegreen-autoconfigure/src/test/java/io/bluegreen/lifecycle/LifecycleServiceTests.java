package io.bluegreen.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.TransitionResult.Outcome;
import io.bluegreen.test.VirtualScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The state machine of {@link LifecycleService}, over listeners whose drain the test
 * controls.
 */
class LifecycleServiceTests {

	private final ControlledListeners listeners = new ControlledListeners();

	private final List<LifecycleTransitionEvent> events = new CopyOnWriteArrayList<>();

	private LifecycleService service = newService(LifecycleState.ACTIVE, Duration.ofSeconds(30));

	@AfterEach
	void stop() {
		this.service.stop();
	}

	@Test
	void pauseStaysDrainingUntilTheListenersProveTheDrain() throws Exception {
		VirtualScheduler scheduler = onVirtualScheduler();
		this.listeners.drained = false;
		CompletableFuture<TransitionResult> pause = this.service.request(LifecycleState.PAUSED);
		scheduler.runFor(Duration.ofSeconds(10));
		assertThat(pause).isNotDone();
		assertThat(this.service.getState()).isEqualTo(LifecycleState.DRAINING);

		this.listeners.drained = true;
		scheduler.runFor(Duration.ofMillis(250));

		assertThat(pause).isDone();
		assertThat(pause.get().outcome()).isEqualTo(Outcome.COMPLETED);
		assertThat(this.service.getState()).isEqualTo(LifecycleState.PAUSED);
		assertThat(this.service.status().drain().outcome()).isEqualTo(DrainOutcome.COMPLETED);
		assertThat(this.events).extracting((event) -> event.getFrom() + "->" + event.getTo())
			.containsExactly("ACTIVE->DRAINING", "DRAINING->PAUSED");
		assertThat(this.events.get(1).getDrainDuration()).isPositive();
	}

	@Test
	void aDrainIsCheckedWhenAConsumerMakesProgressAndRarelyOtherwise() throws Exception {
		VirtualScheduler scheduler = onVirtualScheduler();
		this.listeners.drained = false;
		CompletableFuture<TransitionResult> pause = this.service.request(LifecycleState.PAUSED);
		scheduler.runFor(Duration.ofSeconds(1));
		int inspectedWhileNothingChanged = this.listeners.inspections.get();
		assertThat(pause).isNotDone();

		this.listeners.drained = true;
		this.listeners.progressed();
		scheduler.runFor(Duration.ZERO);

		// A 10 ms timer would have inspected 100 times; the rechecks back off to 250 ms:
		// at the start, then 10, 30, 70, 150, 310, 560 and 810 ms after it
		assertThat(inspectedWhileNothingChanged).isEqualTo(8);
		assertThat(pause).isDone();
		assertThat(pause.get().outcome()).isEqualTo(Outcome.COMPLETED);
		assertThat(this.service.getState()).isEqualTo(LifecycleState.PAUSED);
	}

	@Test
	void progressStartsTheRechecksOverFromTheShortestDelay() {
		VirtualScheduler scheduler = onVirtualScheduler();
		this.listeners.drained = false;
		this.service.request(LifecycleState.PAUSED);
		scheduler.runFor(Duration.ofSeconds(1));
		this.listeners.progressed();
		scheduler.runFor(Duration.ZERO);
		int afterProgress = this.listeners.inspections.get();

		scheduler.runFor(Duration.ofMillis(10));

		assertThat(this.listeners.inspections.get()).isEqualTo(afterProgress + 1);
	}

	@Test
	void aTimedOutDrainIsCheckedEveryHalfSecond() {
		this.service.stop();
		VirtualScheduler scheduler = new VirtualScheduler();
		this.service = newService(LifecycleState.ACTIVE, Duration.ofSeconds(2), scheduler);
		this.listeners.drained = false;
		CompletableFuture<TransitionResult> pause = this.service.request(LifecycleState.PAUSED);
		scheduler.runFor(Duration.ofMillis(1999));
		assertThat(pause).isNotDone();
		scheduler.runFor(Duration.ofMillis(61));
		assertThat(pause).isDone();
		int atTimeout = this.listeners.inspections.get();

		scheduler.runFor(Duration.ofSeconds(5));

		assertThat(this.listeners.inspections.get()).isEqualTo(atTimeout + 10);
		assertThat(this.service.status().drain().outcome()).isEqualTo(DrainOutcome.TIMED_OUT);
	}

	@Test
	void repeatedRequestsAreIdempotent() throws Exception {
		assertThat(this.service.request(LifecycleState.PAUSED).get().outcome()).isEqualTo(Outcome.COMPLETED);
		assertThat(this.service.request(LifecycleState.PAUSED).get().outcome()).isEqualTo(Outcome.COMPLETED);
		assertThat(this.service.request(LifecycleState.ACTIVE).get().outcome()).isEqualTo(Outcome.COMPLETED);
		assertThat(this.service.request(LifecycleState.ACTIVE).get().outcome()).isEqualTo(Outcome.COMPLETED);
		assertThat(this.listeners.pauses.get()).isEqualTo(1);
		assertThat(this.listeners.resumes.get()).isEqualTo(1);
		assertThat(this.events).hasSize(2);
	}

	@Test
	void timedOutDrainStaysDrainingAndCompletesLater() throws Exception {
		this.service.stop();
		this.service = newService(LifecycleState.ACTIVE, Duration.ofMillis(200));
		this.listeners.drained = false;

		TransitionResult result = this.service.request(LifecycleState.PAUSED).get();

		assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
		assertThat(result.status().state()).isEqualTo(LifecycleState.DRAINING);
		assertThat(result.status().drain().outcome()).isEqualTo(DrainOutcome.TIMED_OUT);
		this.listeners.drained = true;
		org.awaitility.Awaitility.await().until(() -> this.service.getState() == LifecycleState.PAUSED);
	}

	@Test
	void resumeCancelsADrainAndAnswersWaitingPauses() throws Exception {
		this.listeners.drained = false;
		CompletableFuture<TransitionResult> first = this.service.request(LifecycleState.PAUSED);
		CompletableFuture<TransitionResult> second = this.service.request(LifecycleState.PAUSED);

		TransitionResult resumed = this.service.request(LifecycleState.ACTIVE).get();

		assertThat(resumed.status().state()).isEqualTo(LifecycleState.ACTIVE);
		assertThat(first.get().outcome()).isEqualTo(Outcome.CANCELLED);
		assertThat(second.get().outcome()).isEqualTo(Outcome.CANCELLED);
		assertThat(this.service.status().drain().outcome()).isEqualTo(DrainOutcome.CANCELLED);
		assertThat(this.listeners.pauses.get()).isEqualTo(1);
	}

	@Test
	void drainingCannotBeRequested() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.service.request(LifecycleState.DRAINING))
			.withMessage("State DRAINING cannot be requested; allowed: [ACTIVE, PAUSED]");
	}

	@Test
	void startingPausedIsNotATransition() {
		this.service.stop();
		this.service = newService(LifecycleState.PAUSED, Duration.ofSeconds(30));

		assertThat(this.service.getState()).isEqualTo(LifecycleState.PAUSED);
		assertThat(this.listeners.pauses.get()).isEqualTo(1);
		assertThat(this.events).isEmpty();
	}

	/**
	 * Replace the service by one on a scheduler the test moves, whose clock it is.
	 */
	private VirtualScheduler onVirtualScheduler() {
		this.service.stop();
		VirtualScheduler scheduler = new VirtualScheduler();
		this.service = newService(LifecycleState.ACTIVE, Duration.ofSeconds(30), scheduler);
		return scheduler;
	}

	private LifecycleService newService(LifecycleState initialState, Duration drainTimeout,
			VirtualScheduler scheduler) {
		LifecycleService service = new LifecycleService(this.listeners,
				(event) -> this.events.add((LifecycleTransitionEvent) event), "blue", () -> initialState,
				TransitionGuard.NONE, drainTimeout, scheduler.getClock(), scheduler);
		service.start();
		return service;
	}

	private LifecycleService newService(LifecycleState initialState, Duration drainTimeout) {
		LifecycleService service = new LifecycleService(this.listeners,
				(event) -> this.events.add((LifecycleTransitionEvent) event), "blue", initialState, drainTimeout,
				Clock.systemUTC());
		service.start();
		return service;
	}

	static class ControlledListeners implements ManagedListeners {

		volatile boolean drained = true;

		volatile boolean pauseRequested;

		final AtomicInteger pauses = new AtomicInteger();

		final AtomicInteger resumes = new AtomicInteger();

		final AtomicInteger inspections = new AtomicInteger();

		private final List<Runnable> progressActions = new CopyOnWriteArrayList<>();

		void progressed() {
			this.progressActions.forEach(Runnable::run);
		}

		@Override
		public void onProgress(Runnable action) {
			this.progressActions.add(action);
		}

		@Override
		public void validate() {
		}

		@Override
		public void requestPause() {
			if (!this.pauseRequested) {
				this.pauses.incrementAndGet();
			}
			this.pauseRequested = true;
		}

		@Override
		public void requestResume() {
			this.resumes.incrementAndGet();
			this.pauseRequested = false;
		}

		@Override
		public List<ListenerStatus> inspect() {
			this.inspections.incrementAndGet();
			LifecycleState state = !this.pauseRequested ? LifecycleState.ACTIVE
					: (this.drained ? LifecycleState.PAUSED : LifecycleState.DRAINING);
			return List.of(new ListenerStatus("orders", "orders", state, true, this.pauseRequested,
					this.pauseRequested && this.drained, List.of(), List.of(), List.of(), 0));
		}

	}

}
