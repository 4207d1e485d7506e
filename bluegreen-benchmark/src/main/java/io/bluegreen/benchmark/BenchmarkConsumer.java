package io.bluegreen.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.bluegreen.lifecycle.LifecycleTransitionEvent;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The consumer every scenario runs: one listener that journals each record it processes,
 * in an application context of its own per instance. With
 * {@code benchmark.style=transactional-by-hand}, the listener runs a transaction of its
 * own per record and sends the record's offset into it.
 *
 * @author bluegreen
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkConsumer {

	/**
	 * Start an instance.
	 * @param journal where processed records go
	 * @param properties the instance's properties as {@code name=value}
	 * @return the running instance
	 */
	static ConfigurableApplicationContext start(Journal journal, List<String> properties) {
		// Not the sample's application.yml: each scenario configures its instances itself
		List<String> all = new ArrayList<>(
				List.of("spring.config.name=bluegreen-benchmark", "spring.main.banner-mode=off",
						"spring.kafka.consumer.auto-offset-reset=earliest", "bluegreen.lifecycle-api.enabled=false"));
		all.addAll(properties);
		return new SpringApplicationBuilder(BenchmarkConsumer.class).web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("journal", journal))
			.properties(all.toArray(String[]::new))
			.run();
	}

	/**
	 * Return the properties of an instance without the starter: every auto-configuration
	 * the starter registers is excluded.
	 * @param group the instance's consumer group, also its name
	 * @return the properties as {@code name=value}
	 */
	static List<String> withoutStarter(String group) {
		// every auto-configuration the starter registers, read from its imports file
		String exclude = ImportCandidates.load(AutoConfiguration.class, BenchmarkConsumer.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.bluegreen."))
			.collect(Collectors.joining(","));
		return List.of("spring.kafka.consumer.group-id=" + group, "benchmark.color=blue", "benchmark.instance=" + group,
				"spring.autoconfigure.exclude=" + exclude);
	}

	/**
	 * Return the properties of an instance with the starter and fleet coordination, alone
	 * in its deployment.
	 * @param group the instance's consumer group, also its name and its deployment's
	 * @return the properties as {@code name=value}
	 */
	static List<String> withStarter(String group) {
		return List.of("spring.kafka.consumer.group-id=" + group, "benchmark.color=blue", "benchmark.instance=" + group,
				"bluegreen.color=blue", "bluegreen.fleet.enabled=true", "bluegreen.fleet.deployment=" + group,
				"bluegreen.fleet.control-topic=bluegreen-" + group,
				"bluegreen.fleet.control-topic-replication-factor=1",
				"bluegreen.fleet.control-topic-min-insync-replicas=1");
	}

	@Bean
	@ConditionalOnProperty(name = "benchmark.style", havingValue = "record", matchIfMissing = true)
	Listener benchmarkListener(Journal journal, Environment environment) {
		return new Listener(journal, environment.getRequiredProperty("benchmark.color"),
				environment.getRequiredProperty("benchmark.instance"));
	}

	@Bean
	@ConditionalOnProperty(name = "benchmark.style", havingValue = "transactional-by-hand")
	HandTransactionListener benchmarkHandTransactionListener(Journal journal, Environment environment,
			KafkaTemplate<Object, Object> template) {
		return new HandTransactionListener(journal, environment.getRequiredProperty("benchmark.color"),
				environment.getRequiredProperty("benchmark.instance"), template);
	}

	/**
	 * The container factory of the listener that runs its transactions itself: no
	 * transaction manager.
	 */
	@Bean
	@ConditionalOnProperty(name = "benchmark.style", havingValue = "transactional-by-hand")
	ConcurrentKafkaListenerContainerFactory<Object, Object> handTransactionContainerFactory(
			ConsumerFactory<Object, Object> consumerFactory) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory);
		return factory;
	}

	/**
	 * Journal the instance's lifecycle transitions, which tell where the time of a switch
	 * goes. An instance without the starter has none.
	 */
	@Bean
	ApplicationListener<LifecycleTransitionEvent> benchmarkTransitions(Journal journal, Environment environment) {
		String color = environment.getRequiredProperty("benchmark.color");
		String instance = environment.getRequiredProperty("benchmark.instance");
		return (event) -> journal.transition(color, instance, event.getFrom(), event.getTo());
	}

	static class Listener {

		private final Journal journal;

		private final String color;

		private final String instance;

		Listener(Journal journal, String color, String instance) {
			this.journal = journal;
			this.color = color;
			this.instance = instance;
		}

		@KafkaListener(id = "orders", idIsGroup = false, topics = "${benchmark.topic}",
				concurrency = "${benchmark.concurrency:3}")
		void process(ConsumerRecord<String, String> record) {
			this.journal.add(record, this.color, this.instance);
		}

	}

	/**
	 * A listener that runs {@code KafkaTemplate.executeInTransaction} for each record and
	 * commits the record's offset in it, with {@code sendOffsetsToTransaction}; its
	 * container has no transaction manager.
	 */
	static class HandTransactionListener {

		private final Journal journal;

		private final String color;

		private final String instance;

		private final KafkaTemplate<Object, Object> template;

		HandTransactionListener(Journal journal, String color, String instance,
				KafkaTemplate<Object, Object> template) {
			this.journal = journal;
			this.color = color;
			this.instance = instance;
			this.template = template;
		}

		@KafkaListener(id = "orders", idIsGroup = false, topics = "${benchmark.topic}",
				concurrency = "${benchmark.concurrency:3}", containerFactory = "handTransactionContainerFactory")
		void process(ConsumerRecord<String, String> record, Consumer<?, ?> consumer) {
			this.template.executeInTransaction((operations) -> {
				operations.sendOffsetsToTransaction(Map.of(new TopicPartition(record.topic(), record.partition()),
						new OffsetAndMetadata(record.offset() + 1)), consumer.groupMetadata());
				this.journal.add(record, this.color, this.instance);
				return null;
			});
		}

	}

}
