package io.bluegreen.sample;

import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * An order consumer made blue/green deployable by the bluegreen starter. Without
 * configured bootstrap servers it starts an embedded Kafka broker and a demo producer, so
 * it runs on a machine with nothing but a JDK.
 *
 * @author bluegreen
 */
@SpringBootApplication
@EnableScheduling
public class OrderConsumerApplication {

	/**
	 * Run the demo, a blue and a green instance on an in-process broker, or, given
	 * bootstrap servers, one instance of the order consumer.
	 * @param args the application arguments
	 */
	public static void main(String[] args) {
		if (DemoBroker.bootstrapServersConfigured(List.of(args))) {
			SpringApplication.run(OrderConsumerApplication.class, args);
		}
		else {
			Demo.run(args);
		}
	}

}
