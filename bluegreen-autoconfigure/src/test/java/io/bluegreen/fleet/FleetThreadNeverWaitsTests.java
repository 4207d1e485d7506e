package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker that does not answer holds up only the step that asked it: the fleet's thread
 * goes on with every other step. Here the old color's groups are described for a switch
 * and the broker never answers; meanwhile the fleet's thread runs other tasks, and the
 * switch watchdog on that same thread aborts the overdue switch, which then ends. When
 * the fleet's thread waited for the broker, the watchdog ran only once the broker had
 * answered or the admin client had given up.
 */
class FleetThreadNeverWaitsTests {

	private final SingleThreadFleetExecutor executor = new SingleThreadFleetExecutor("fleet-never-waits");

	private final AtomicInteger describeCalls = new AtomicInteger();

	private final List<CompletableFuture<Set<String>>> unanswered = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.executor.destroy();
	}

	@Test
	void aBrokerThatDoesNotAnswerHoldsUpOnlyTheStepThatAskedIt() {
		Clock clock = Clock.systemUTC();
		Instant now = clock.instant();
		FleetSettings settings = new FleetSettings("orders", "green-1", "green", List.of("blue", "green"),
				LifecycleState.PAUSED, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ofSeconds(60), clock);
		MemoryControlLog log = new MemoryControlLog();
		log.append(new ControlRecord.Proposal(DesiredState.initial("p-1", "blue", "blue-1", now)));
		// An unchanged blue instance, live through its member, and a live green one
		log.append(new ControlRecord.Report(new InstanceReport("blue-1", "blue", LifecycleState.ACTIVE, 1, 1,
				Map.of("orders", "orders-blue"), List.of("blue-member"), List.of(), Map.of(), now.minusSeconds(3600))));
		log.append(new ControlRecord.Report(new InstanceReport("green-1", "green", LifecycleState.PAUSED, 1, 1,
				Map.of("orders", "orders-green"), List.of("green-member"), List.of(), Map.of(), now)));
		GroupMembership silentBroker = (group) -> {
			this.describeCalls.incrementAndGet();
			CompletableFuture<Set<String>> members = new CompletableFuture<>();
			this.unanswered.add(members);
			return members;
		};
		Liveness liveness = new Liveness(settings, silentBroker);
		Proposer proposer = new Proposer(settings, liveness, log, this.executor, new Ids(), Duration.ofSeconds(10));
		SwitchCoordinator coordinator = new SwitchCoordinator(settings, log, proposer, new NoColorOffsets(),
				silentBroker, new SpectatorInstance("{group}-{color}"), this.executor);
		FleetService service = new FleetService(settings, log, liveness, coordinator, this.executor, (event) -> {
		});
		SwitchWatchdog watchdog = new SwitchWatchdog(settings, log, proposer, this.executor);
		watchdog.start();
		try {
			CompletableFuture<SwitchResult> result = service.startSwitch("green");

			await().atMost(Duration.ofSeconds(30)).until(() -> this.describeCalls.get() > 0);
			CompletableFuture<Boolean> probe = new CompletableFuture<>();
			this.executor.execute(() -> probe.complete(true));
			await().atMost(Duration.ofSeconds(30)).until(probe::isDone);
			await().atMost(Duration.ofSeconds(30)).until(result::isDone);

			assertThat(result.join().outcome()).isEqualTo(SwitchOutcome.ABORTED);
			assertThat(this.unanswered).as("descriptions the broker never answered")
				.isNotEmpty()
				.noneMatch(CompletableFuture::isDone);
			DesiredState decided = log.view().desired();
			assertThat(decided).isNotNull();
			assertThat(decided.active()).isEqualTo("blue");
			assertThat(decided.switchInProgress()).isNull();
		}
		finally {
			watchdog.stop();
		}
	}

	private static final class Ids implements Supplier<String> {

		private final AtomicInteger next = new AtomicInteger();

		@Override
		public String get() {
			return "id-" + this.next.incrementAndGet();
		}

	}

}
