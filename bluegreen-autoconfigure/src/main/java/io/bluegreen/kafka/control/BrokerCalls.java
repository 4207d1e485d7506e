package io.bluegreen.kafka.control;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.bluegreen.scheduling.BlueGreenThreads;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Runs the fleet's calls to the broker, which wait for its answers, on an I/O executor,
 * and hands each answer back as a completion: the fleet's executor never waits for the
 * broker.
 *
 * @author bluegreen
 */
public class BrokerCalls implements DisposableBean {

	private static final int THREADS = 4;

	private final Executor executor;

	private final @Nullable ThreadPoolTaskExecutor owned;

	/**
	 * Create an instance that runs the calls on the given executor, such as Boot's
	 * {@code applicationTaskExecutor}.
	 * @param executor the executor of the calls
	 */
	public BrokerCalls(Executor executor) {
		this(executor, null);
	}

	private BrokerCalls(Executor executor, @Nullable ThreadPoolTaskExecutor owned) {
		this.executor = executor;
		this.owned = owned;
	}

	/**
	 * Create an instance that runs the calls on a few daemon threads of its own, ended by
	 * {@link #destroy()}: a busy application executor must not hold up a switch.
	 * @param threadNamePrefix the prefix of the threads' names
	 * @return the instance
	 */
	public static BrokerCalls withOwnThreads(String threadNamePrefix) {
		ThreadPoolTaskExecutor executor = BlueGreenThreads.pool(threadNamePrefix, THREADS);
		return new BrokerCalls(executor, executor);
	}

	/**
	 * Call the broker on the I/O executor.
	 * @param <T> the type of the answer
	 * @param call the call, which may wait for the broker
	 * @return completes with the answer, or with the exception the call threw
	 */
	public <T> CompletableFuture<T> supply(Supplier<T> call) {
		return supply(call, this.executor);
	}

	/**
	 * Call the broker on the I/O executor after a delay, without a thread waiting for it.
	 * @param <T> the type of the answer
	 * @param delay the delay
	 * @param call the call, which may wait for the broker
	 * @return completes with the answer, or with the exception the call threw
	 */
	public <T> CompletableFuture<T> supplyAfter(Duration delay, Supplier<T> call) {
		if (delay.isZero() || delay.isNegative()) {
			return supply(call);
		}
		return supply(call, CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, this.executor));
	}

	private static <T> CompletableFuture<T> supply(Supplier<T> call, Executor executor) {
		try {
			return CompletableFuture.supplyAsync(call, executor);
		}
		catch (RejectedExecutionException ex) {
			// Shut down: the application stops
			return CompletableFuture.failedFuture(new IllegalStateException("Not calling the broker: " + ex, ex));
		}
	}

	@Override
	public void destroy() {
		ThreadPoolTaskExecutor owned = this.owned;
		if (owned != null) {
			owned.shutdown();
		}
	}

}
