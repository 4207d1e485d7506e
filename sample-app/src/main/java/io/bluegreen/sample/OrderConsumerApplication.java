package io.bluegreen.sample;

import java.util.ArrayList;
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

	public static void main(String[] args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		if (!DemoBroker.bootstrapServersConfigured(arguments)) {
			arguments.add("--spring.kafka.bootstrap-servers=" + DemoBroker.start());
			arguments.add("--sample.producer.enabled=true");
		}
		SpringApplication.run(OrderConsumerApplication.class, arguments.toArray(String[]::new));
	}

}
