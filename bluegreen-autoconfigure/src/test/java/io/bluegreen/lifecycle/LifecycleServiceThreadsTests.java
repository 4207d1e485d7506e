package io.bluegreen.lifecycle;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the thread a {@link LifecycleService} of its own scheduler drains on. The
 * drain creates Kafka clients, which load the classes their configuration names through
 * the thread's context class loader: a first request from a thread of the common
 * fork-join pool of an executable jar, whose class loader cannot see them, must not hand
 * its class loader to the lifecycle's thread.
 *
 * @author bluegreen
 */
class LifecycleServiceThreadsTests {

	@Test
	void aFirstRequestFromAForeignThreadDrainsWithTheApplicationsClassLoader() throws Exception {
		ClassLoader application = Thread.currentThread().getContextClassLoader();
		CompletableFuture<ClassLoader> inspectedWith = new CompletableFuture<>();
		LifecycleServiceTests.ControlledListeners listeners = new LifecycleServiceTests.ControlledListeners() {

			@Override
			public List<ListenerStatus> inspect() {
				inspectedWith.complete(Thread.currentThread().getContextClassLoader());
				return super.inspect();
			}

		};
		LifecycleService service = new LifecycleService(listeners, (event) -> {
		}, "blue", LifecycleState.ACTIVE, Duration.ofSeconds(10), Clock.systemUTC());
		service.start();
		try {
			Thread caller = new Thread(() -> service.request(LifecycleState.PAUSED));
			caller.setContextClassLoader(new URLClassLoader(new URL[0], null));
			caller.start();
			assertThat(inspectedWith.get(10, TimeUnit.SECONDS)).isSameAs(application);
		}
		finally {
			service.stop();
		}
	}

}
