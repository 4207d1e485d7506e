package io.bluegreen.readiness;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.bluegreen.fleet.ControlLog;
import io.bluegreen.fleet.ControlRecord;
import io.bluegreen.fleet.ControlRecordRefusals;
import io.bluegreen.fleet.FleetView;
import io.bluegreen.kafka.control.GroupOffsetsWriter;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Load;
import io.bluegreen.test.RecordLog;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance is ready to switch only once every consumer of its listeners has its
 * partitions, assigned and admitted, and its view of the fleet is caught up with the
 * control log; a consumer with no partition, because its color has more consumers than
 * the topic partitions, does not keep it from being ready. Under both group protocols.
 */
class SwitchReadinessIntegrationTests {

	private static final String HOLDS = "spring.main.sources=" + Holds.class.getName();

	@AfterEach
	void openHolds() {
		Holds.reset();
	}

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void notReadyWhileAListenerHasNoAssignmentOrTheControlViewIsBehind(String protocol) throws Exception {
		// One partition, two consumers: one of them is given nothing
		String topic = EmbeddedBroker.createTopic("readiness", 1);
		Holds.holdAssignments();
		Holds.holdCatchUps();
		try (FleetInstances fleet = new FleetInstances(topic,
				"spring.kafka.consumer.properties.group.protocol=" + protocol,
				"spring.kafka.consumer.properties.metadata.max.age.ms=500", HOLDS); Load load = new Load(topic, 1)) {
			ConfigurableApplicationContext blue = fleet.start("blue-1", "blue");
			SwitchReadiness readiness = blue.getBean(SwitchReadiness.class);
			await().atMost(EmbeddedBroker.waitCeiling())
				.until(() -> blue.getBean(GroupOffsetsWriter.class).isPrepared());

			// A consumer inside its first assignment has no partitions yet; the control
			// log cannot be read to its end either
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> Holds.assignmentsHeld.get() > 0);
			ReadinessStatus inAssignment = readiness.status();
			assertThat(inAssignment.ready()).isFalse();
			// the listener's consumers, or their group, are among what is missing
			assertThat(inAssignment.missing())
				.anyMatch((missing) -> missing.startsWith("orders") || missing.startsWith("group " + fleet.group()));
			assertThat(readinessGroup(blue)).isEqualTo(Status.OUT_OF_SERVICE);

			// Assigned now, but the instance cannot catch up with the control log, so the
			// partitions are not admitted
			Holds.releaseAssignments();
			await().during(Duration.ofSeconds(2)).atMost(EmbeddedBroker.waitCeiling()).until(() -> {
				ReadinessStatus status = readiness.status();
				return !status.ready()
						&& status.missing().contains("fleet view not caught up with the control log yet");
			});
			assertThat(readinessGroup(blue)).isEqualTo(Status.OUT_OF_SERVICE);
			RecordLog log = blue.getBean(RecordLog.class);
			load.send(10);
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> log.count() == 0);

			Holds.releaseCatchUps();
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> readiness.status().ready());
			assertThat(readinessGroup(blue)).isEqualTo(Status.UP);
			// Ready means consuming: the active color processes every record
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 10);
			load.send(10);
			await().atMost(EmbeddedBroker.waitCeiling()).until(() -> log.count() == 20);
			assertThat(log.offsetsByPartition().get(new TopicPartition(topic, 0))).hasSize(20).doesNotHaveDuplicates();
		}
	}

	private static Status readinessGroup(ConfigurableApplicationContext app) {
		return app.getBean(HealthEndpoint.class).healthForPath("readiness").getStatus();
	}

	/**
	 * Lets the test hold the listeners' consumers inside their first assignment, and the
	 * instance's catch-ups with the control log.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Holds {

		static final AtomicInteger assignmentsHeld = new AtomicInteger();

		private static volatile CountDownLatch assignments = new CountDownLatch(0);

		private static volatile CompletableFuture<Void> catchUps = CompletableFuture.completedFuture(null);

		static void holdAssignments() {
			assignments = new CountDownLatch(1);
		}

		static void releaseAssignments() {
			assignments.countDown();
		}

		static void holdCatchUps() {
			catchUps = new CompletableFuture<>();
		}

		static void releaseCatchUps() {
			catchUps.complete(null);
		}

		static void reset() {
			releaseAssignments();
			releaseCatchUps();
			assignmentsHeld.set(0);
		}

		@Bean
		@Primary
		ConsumerAwareRebalanceListener heldRebalanceListener() {
			return new ConsumerAwareRebalanceListener() {
				@Override
				public void onPartitionsAssigned(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
						Collection<TopicPartition> partitions) {
					assignmentsHeld.incrementAndGet();
					try {
						assignments.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			};
		}

		@Bean
		static BeanPostProcessor heldControlLog() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof ControlLog log && bean instanceof SmartLifecycle lifecycle)
							? new HeldControlLog(log, lifecycle) : bean;
				}
			};
		}

	}

	/**
	 * The instance's control log, whose catch-ups complete only while the test lets them.
	 */
	static final class HeldControlLog implements ControlLog, SmartLifecycle {

		private final ControlLog log;

		private final SmartLifecycle lifecycle;

		HeldControlLog(ControlLog log, SmartLifecycle lifecycle) {
			this.log = log;
			this.lifecycle = lifecycle;
		}

		@Override
		public CompletableFuture<FleetView> caughtUp() {
			CompletableFuture<Void> released = Holds.catchUps;
			return released.thenCompose((ignored) -> this.log.caughtUp());
		}

		@Override
		public FleetView view() {
			return this.log.view();
		}

		@Override
		public boolean awaitReadable(Duration timeout) {
			return this.log.awaitReadable(timeout);
		}

		@Override
		public ControlRecordRefusals refusals() {
			return this.log.refusals();
		}

		@Override
		public void onChange(Consumer<FleetView> listener) {
			this.log.onChange(listener);
		}

		@Override
		public CompletableFuture<Long> append(ControlRecord record) {
			return this.log.append(record);
		}

		@Override
		public void start() {
			this.lifecycle.start();
		}

		@Override
		public void stop() {
			this.lifecycle.stop();
		}

		@Override
		public void stop(Runnable callback) {
			this.lifecycle.stop(callback);
		}

		@Override
		public boolean isRunning() {
			return this.lifecycle.isRunning();
		}

		@Override
		public int getPhase() {
			return this.lifecycle.getPhase();
		}

		@Override
		public boolean isAutoStartup() {
			return this.lifecycle.isAutoStartup();
		}

	}

}
