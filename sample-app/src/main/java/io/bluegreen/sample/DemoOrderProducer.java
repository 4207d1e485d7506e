package io.bluegreen.sample;

import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Places a few orders every second, for the demo.
 *
 * @author bluegreen
 */
@Component
@ConditionalOnBooleanProperty("sample.producer.enabled")
public class DemoOrderProducer {

	private final KafkaTemplate<String, String> kafkaTemplate;

	private final JsonMapper jsonMapper;

	private final String topic;

	private final int perSecond;

	private static final long TICK_MILLIS = 10;

	private final AtomicLong sequence = new AtomicLong();

	private final long startedAt = System.nanoTime();

	public DemoOrderProducer(KafkaTemplate<String, String> kafkaTemplate, JsonMapper jsonMapper,
			@Value("${sample.topic}") String topic, @Value("${sample.producer.orders-per-second:20}") int perSecond) {
		this.kafkaTemplate = kafkaTemplate;
		this.jsonMapper = jsonMapper;
		this.topic = topic;
		this.perSecond = perSecond;
	}

	/**
	 * Place orders evenly over each second, not in one burst.
	 */
	@Scheduled(fixedRate = TICK_MILLIS)
	void placeOrders() {
		long due = (System.nanoTime() - this.startedAt) * this.perSecond / 1_000_000_000L;
		while (this.sequence.get() < due) {
			long n = this.sequence.incrementAndGet();
			String customer = "customer-" + (n % 17);
			Order order = new Order("order-" + n, customer,
					BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(500, 20000), 2));
			this.kafkaTemplate.send(this.topic, customer, this.jsonMapper.writeValueAsString(order));
		}
	}

}
