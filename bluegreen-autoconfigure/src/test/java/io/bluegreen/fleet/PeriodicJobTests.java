package io.bluegreen.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A periodic job that throws runs again at its next interval. Before, the executor caught
 * the exception and the job was never scheduled again: a switch watchdog that met a
 * switch without a deadline stopped for good, and the switch was never aborted.
 */
class PeriodicJobTests {

	@Test
	void aJobThatThrowsRunsAgainAndItsFailuresAreCounted() throws Exception {
		SingleThreadFleetExecutor executor = new SingleThreadFleetExecutor("periodic-job-test");
		AtomicInteger runs = new AtomicInteger();
		PeriodicJob job = new PeriodicJob(executor, Duration.ofMillis(10), Clock.systemUTC()) {

			@Override
			protected void runOnce() {
				if (runs.incrementAndGet() <= 2) {
					throw new IllegalStateException("run " + runs.get() + " failed");
				}
			}

		};
		try {
			job.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 2);
			await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 5);
			assertThat(job.failures()).isEqualTo(2);
			assertThat(job.lastFailure()).as("the last run succeeded").isNull();
		}
		finally {
			job.stop();
			executor.destroy();
		}
	}

	@Test
	void theLastFailureSaysWhatWentWrongAndWhenOnTheJobsClock() throws Exception {
		SingleThreadFleetExecutor executor = new SingleThreadFleetExecutor("periodic-job-test");
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		PeriodicJob job = new PeriodicJob(executor, Duration.ofMillis(10), Clock.fixed(now, ZoneOffset.UTC)) {

			@Override
			protected void runOnce() {
				throw new IllegalStateException("no deadline");
			}

		};
		try {
			job.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> job.failures() >= 3);
			assertThat(job.lastFailure()).isNotNull();
			assertThat(job.lastFailure().error()).contains("no deadline");
			assertThat(job.lastFailure().at()).as("when it failed, on the injected clock").isEqualTo(now);
			assertThat(job.isRunning()).isTrue();
		}
		finally {
			job.stop();
			executor.destroy();
		}
	}

}
