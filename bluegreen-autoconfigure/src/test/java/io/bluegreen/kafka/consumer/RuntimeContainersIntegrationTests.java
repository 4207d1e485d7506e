package io.bluegreen.kafka.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.fleet.SwitchResult;
import io.bluegreen.lifecycle.LifecycleState;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
import io.bluegreen.test.RecordLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.MethodKafkaListenerEndpoint;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener container registered while the application runs gets its color's group and
 * joins the pause and the switch. Before, it stayed in the group it was configured with,
 * so both colors consumed in one group, outside confirmation and handover.
 */
class RuntimeContainersIntegrationTests {

	private static final int PARTITIONS = 2;

	@Test
	void aContainerRegisteredAtRuntimeConsumesInItsColorsGroupAndSwitches() throws Exception {
		String topic = EmbeddedBroker.createTopic("main", PARTITIONS);
		String lateTopic = EmbeddedBroker.createTopic("late", PARTITIONS);
		String lateGroup = EmbeddedBroker.uniqueName("late");
		try (FleetInstances fleet = new FleetInstances(topic, "test.concurrency=1");
				Load load = new Load(lateTopic, PARTITIONS)) {
			fleet.start("blue-1", "blue");
			fleet.start("green-1", "green");
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> fleet.state("blue-1") == LifecycleState.ACTIVE
						&& fleet.state("green-1") == LifecycleState.PAUSED);
			RecordLog blue = register(fleet.get("blue-1"), lateTopic, lateGroup);
			RecordLog green = register(fleet.get("green-1"), lateTopic, lateGroup);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> lateAssigned(fleet.get("blue-1")) == PARTITIONS
						&& lateAssigned(fleet.get("green-1")) == PARTITIONS);
			assertThat(late(fleet.get("blue-1")).getGroupId()).isEqualTo(lateGroup + "-blue");
			assertThat(late(fleet.get("green-1")).getGroupId()).isEqualTo(lateGroup + "-green");

			load.send(20);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> blue.count() == 20);
			assertThat(green.count()).isZero();

			SwitchResult result = fleet.service("blue-1").switchTo("green");
			assertThat(result.outcome()).as(result.toString()).isEqualTo(SwitchOutcome.COMPLETED);
			load.send(20);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> green.count() == 20);
			assertThat(blue.count()).isEqualTo(20);
			Map<TopicPartition, Long> end = load.endOffsets();
			end.forEach((partition, offset) -> {
				List<Long> offsets = new ArrayList<>(blue.offsetsByPartition().getOrDefault(partition, List.of()));
				offsets.addAll(green.offsetsByPartition().getOrDefault(partition, List.of()));
				assertThat(offsets).as("offsets of " + partition + ", blue then green")
					.containsExactlyElementsOf(LongStream.range(0, offset).boxed().toList());
			});
		}
	}

	private static RecordLog register(ConfigurableApplicationContext app, String topic, String group) throws Exception {
		LateListener listener = new LateListener();
		MethodKafkaListenerEndpoint<String, String> endpoint = new MethodKafkaListenerEndpoint<>();
		endpoint.setId("late");
		endpoint.setGroupId(group);
		endpoint.setTopics(topic);
		endpoint.setBean(listener);
		endpoint.setMethod(LateListener.class.getMethod("listen", ConsumerRecord.class));
		DefaultMessageHandlerMethodFactory handlerMethodFactory = new DefaultMessageHandlerMethodFactory();
		handlerMethodFactory.afterPropertiesSet();
		endpoint.setMessageHandlerMethodFactory(handlerMethodFactory);
		app.getBean(KafkaListenerEndpointRegistry.class)
			.registerListenerContainer(endpoint,
					app.getBean("kafkaListenerContainerFactory", KafkaListenerContainerFactory.class), true);
		return listener.log;
	}

	private static MessageListenerContainer late(ConfigurableApplicationContext app) {
		return app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("late");
	}

	private static int lateAssigned(ConfigurableApplicationContext app) {
		return app.getBean(io.bluegreen.lifecycle.LifecycleService.class)
			.status()
			.listeners()
			.stream()
			.filter((listener) -> listener.id().equals("late"))
			.mapToInt((listener) -> listener.assignedPartitions().size())
			.sum();
	}

	public static class LateListener {

		final RecordLog log = new RecordLog();

		public void listen(ConsumerRecord<String, String> record) {
			this.log.add(record);
		}

	}

}
