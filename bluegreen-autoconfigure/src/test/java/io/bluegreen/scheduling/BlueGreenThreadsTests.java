package io.bluegreen.scheduling;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BlueGreenThreads}: work handed over by a thread with a foreign context
 * class loader, as a caller on the common fork-join pool of an executable jar has, still
 * runs with the application's.
 *
 * @author bluegreen
 */
class BlueGreenThreadsTests {

	private final ClassLoader application = Thread.currentThread().getContextClassLoader();

	private final ClassLoader foreign = new URLClassLoader(new URL[0], null);

	@Test
	void aSchedulersFirstTaskFromAForeignThreadRunsWithTheApplicationsClassLoader() throws Exception {
		ThreadPoolTaskScheduler scheduler = BlueGreenThreads.scheduler("bluegreen-test-");
		scheduler.initialize();
		try {
			ClassLoader seen = fromForeignThread(() -> scheduler.submit(this::contextClassLoader).get());
			assertThat(seen).isSameAs(this.application);
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void anExecutorsThreadsFromAForeignThreadRunWithTheApplicationsClassLoader() throws Exception {
		SimpleAsyncTaskExecutor executor = BlueGreenThreads.executor("bluegreen-test-");
		ClassLoader seen = fromForeignThread(() -> executor.submit(this::contextClassLoader).get());
		assertThat(seen).isSameAs(this.application);
	}

	@Test
	void threadsAreDaemonsNamedAfterTheirWork() throws Exception {
		SimpleAsyncTaskExecutor executor = BlueGreenThreads.executor("bluegreen-test-");
		Thread thread = executor.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
		assertThat(thread.isDaemon()).isTrue();
		assertThat(thread.getName()).startsWith("bluegreen-test-");
	}

	private ClassLoader contextClassLoader() {
		return Thread.currentThread().getContextClassLoader();
	}

	private ClassLoader fromForeignThread(ThrowingSupplier<ClassLoader> work) throws Exception {
		CompletableFuture<ClassLoader> result = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				result.complete(work.get());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		caller.setContextClassLoader(this.foreign);
		caller.start();
		return result.get(10, TimeUnit.SECONDS);
	}

	@FunctionalInterface
	interface ThrowingSupplier<T> {

		T get() throws Exception;

	}

}
