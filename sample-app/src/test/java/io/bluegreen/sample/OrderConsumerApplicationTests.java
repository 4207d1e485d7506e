package io.bluegreen.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.lifecycle.TransitionResult;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample consumes the demo producer's orders, and pauses and resumes on request.
 */
@SpringBootTest(properties = { "sample.producer.enabled=true", "sample.producer.orders-per-second=50",
		"bluegreen.fleet.control-topic-replication-factor=1", "bluegreen.fleet.control-topic-min-insync-replicas=1" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		brokerProperties = { "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1" })
class OrderConsumerApplicationTests {

	@Autowired
	private OrderListener orders;

	@Autowired
	private LifecycleService lifecycle;

	@Test
	void consumesOrdersAndStopsConsumingWhilePaused() throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.orders.processed() > 0);

		TransitionResult paused = this.lifecycle.request(LifecycleState.PAUSED).get();

		assertThat(paused.status().state()).isEqualTo(LifecycleState.PAUSED);
		assertThat(paused.status().color()).isEqualTo("blue");
		long processed = this.orders.processed();
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
			.until(() -> this.orders.processed() == processed);

		this.lifecycle.request(LifecycleState.ACTIVE).get();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.orders.processed() > processed);
	}

}
