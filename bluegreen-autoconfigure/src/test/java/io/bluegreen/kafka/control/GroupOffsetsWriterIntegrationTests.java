package io.bluegreen.kafka.control;

import java.util.concurrent.atomic.AtomicInteger;

import io.bluegreen.test.EmbeddedBroker;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The handover's transactional producer is initialized at startup, and again while an
 * instance waits to be ready if that failed: an instance whose first initialization timed
 * out, as with a broker slow to answer at startup, must not stay not ready for good.
 */
class GroupOffsetsWriterIntegrationTests {

	@Test
	void anInitializationThatFailedIsTriedAgainWhenReadinessAsks() {
		AtomicInteger created = new AtomicInteger();
		GroupOffsetsWriter writer = new GroupOffsetsWriter(() -> {
			MockProducer<byte[], byte[]> producer = new MockProducer<>();
			if (created.incrementAndGet() == 1) {
				producer.initTransactionException = new TimeoutException(
						"Timeout expired while awaiting InitProducerId");
			}
			return (Producer<byte[], byte[]>) producer;
		});
		writer.start();
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> created.get() == 1 && !writer.isPrepared());
		await().atMost(EmbeddedBroker.waitCeiling()).until(writer::prepareIfNeeded);
		assertThat(created).hasValue(2);
		assertThat(writer.isPrepared()).isTrue();
		writer.stop();
		writer.destroy();
	}

}
