package io.bluegreen.kafka.consumer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.Gate;
import io.bluegreen.test.Load;
import io.bluegreen.test.RecordLog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A paused consumer leaves the CPU alone, also when it paused with fetched records it did
 * not return yet, as a consumer that paused under load does. The consumer of the consumer
 * group protocol in Kafka 4.x spins through a poll of such paused partitions for its
 * whole timeout (KAFKA-21084): a paused color kept a core busy until it resumed, which
 * slowed every switch on a busy host.
 */
class PausedConsumerCpuIntegrationTests {

	private static final int RECORDS = 500;

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void aConsumerPausedWithFetchedRecordsDoesNotSpin(String protocol) throws Exception {
		String topic = EmbeddedBroker.createTopic("spin", 1);
		try (Load load = new Load(topic, 1);
				ConfigurableApplicationContext app = PausedByConstructionIntegrationTests.start(protocol, topic,
						EmbeddedBroker.uniqueName("orders"), "test.concurrency=1", "test.gate.close-after=10")) {
			LifecycleService lifecycle = app.getBean(LifecycleService.class);
			RecordLog log = app.getBean(RecordLog.class);
			Gate gate = app.getBean(Gate.class);
			load.send(RECORDS);
			// The listener hangs on its 10th record;
			// the consumer holds the rest of its fetch
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> gate.waiting() > 0);
			CompletableFuture<TransitionResult> pause = lifecycle.request(LifecycleState.PAUSED);
			gate.open();
			assertThat(pause.get(30, TimeUnit.SECONDS).status().state()).isEqualTo(LifecycleState.PAUSED);
			assertThat(log.count()).isLessThan(RECORDS);

			long[] threads = consumerThreads();
			assertThat(threads).isNotEmpty();
			long cpuBefore = cpu(threads);
			long wallBefore = System.nanoTime();
			Thread.sleep(1000);
			double share = (double) (cpu(threads) - cpuBefore) / (System.nanoTime() - wallBefore);
			assertThat(share).as("CPU share of the paused consumer's thread").isLessThan(0.1);

			assertThat(lifecycle.request(LifecycleState.ACTIVE).get().status().state())
				.isEqualTo(LifecycleState.ACTIVE);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == RECORDS);
			KafkaLifecycleIntegrationTests.assertExactlyOnceInOrder(log);
		}
	}

	private static long[] consumerThreads() {
		ThreadMXBean bean = ManagementFactory.getThreadMXBean();
		return Arrays.stream(bean.getThreadInfo(bean.getAllThreadIds()))
			.filter((info) -> info != null && info.getThreadName().startsWith("orders-0-C-"))
			.mapToLong(ThreadInfo::getThreadId)
			.toArray();
	}

	private static long cpu(long[] threads) {
		ThreadMXBean bean = ManagementFactory.getThreadMXBean();
		return List.of(Arrays.stream(threads).boxed().toArray(Long[]::new))
			.stream()
			.mapToLong((id) -> Math.max(0, bean.getThreadCpuTime(id)))
			.sum();
	}

}
