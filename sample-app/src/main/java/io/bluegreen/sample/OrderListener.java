package io.bluegreen.sample;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Processes orders: the application's business logic, which knows nothing of blue/green.
 *
 * @author bluegreen
 */
@Component
public class OrderListener {

	private static final Log logger = LogFactory.getLog(OrderListener.class);

	private final JsonMapper jsonMapper;

	private final AtomicLong processed = new AtomicLong();

	private volatile BigDecimal revenue = BigDecimal.ZERO;

	public OrderListener(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@KafkaListener(id = "orders", idIsGroup = false, topics = "${sample.topic}", concurrency = "2")
	void onOrder(ConsumerRecord<String, String> record) {
		Order order = this.jsonMapper.readValue(record.value(), Order.class);
		synchronized (this) {
			this.revenue = this.revenue.add(order.amount());
		}
		long count = this.processed.incrementAndGet();
		if (count % 100 == 0) {
			logger.info("Processed " + count + " orders; latest " + order.id() + " from partition " + record.partition()
					+ " at offset " + record.offset());
		}
	}

	public long processed() {
		return this.processed.get();
	}

	public BigDecimal revenue() {
		return this.revenue;
	}

}
