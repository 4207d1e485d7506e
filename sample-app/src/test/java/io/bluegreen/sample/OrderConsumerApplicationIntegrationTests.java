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
 * The sample consumes the demo producer's orders as the active color of its fleet.
 */
@SpringBootTest(properties = { "sample.producer.enabled=true", "sample.producer.orders-per-second=50",
		"bluegreen.fleet.control-topic-replication-factor=1", "bluegreen.fleet.control-topic-min-insync-replicas=1" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		brokerProperties = { "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1" })
class OrderConsumerApplicationIntegrationTests {

	@Autowired
	private OrderListener orders;

	@Autowired
	private LifecycleService lifecycle;

	@Test
	void consumesOrdersAndRefusesAPauseThatContradictsTheFleet() throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.orders.processed() > 0);

		// The sample is a fleet whose active color is its own: only a switch pauses it
		TransitionResult paused = this.lifecycle.request(LifecycleState.PAUSED).get();

		assertThat(paused.outcome()).isEqualTo(TransitionResult.Outcome.REFUSED);
		assertThat(paused.reason()).contains("switch the deployment");
		assertThat(paused.status().state()).isEqualTo(LifecycleState.ACTIVE);
		assertThat(paused.status().color()).isEqualTo("blue");
		long processed = this.orders.processed();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.orders.processed() > processed);
	}

}
