package io.bluegreen.kafka.consumer;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks the {@link Consumer} interface by reflection: every method is either guarded by
 * {@link GuardedConsumer} or handed on unchanged by {@link ForwardingConsumer}, and a
 * method that a new kafka-clients version adds fails here until someone decides which.
 *
 * @author bluegreen
 */
class GuardedConsumerInterfaceTests {

	/**
	 * Methods whose calls the guard inspects, changes or answers itself.
	 */
	private static final Set<String> GUARDED = Set.of("poll(Duration)", "subscribe(Collection)",
			"subscribe(Collection,ConsumerRebalanceListener)", "subscribe(Pattern)",
			"subscribe(Pattern,ConsumerRebalanceListener)", "subscribe(SubscriptionPattern)",
			"subscribe(SubscriptionPattern,ConsumerRebalanceListener)", "assign(Collection)", "unsubscribe()",
			"pause(Collection)", "resume(Collection)", "paused()", "commitSync()", "commitSync(Duration)",
			"commitSync(Map)", "commitSync(Map,Duration)", "commitAsync(OffsetCommitCallback)",
			"commitAsync(Map,OffsetCommitCallback)", "close()", "close(Duration)", "close(CloseOptions)");

	/**
	 * Methods handed to the Kafka consumer as they are: reads, seeks and calls that
	 * neither assign, pause, resume, commit nor close.
	 */
	private static final Set<String> FORWARDED = Set.of("assignment()", "subscription()",
			"registerMetricForSubscription(KafkaMetric)", "unregisterMetricFromSubscription(KafkaMetric)",
			"commitAsync()", "seek(TopicPartition,long)", "seek(TopicPartition,OffsetAndMetadata)",
			"seekToBeginning(Collection)", "seekToEnd(Collection)", "position(TopicPartition)",
			"position(TopicPartition,Duration)", "committed(Set)", "committed(Set,Duration)",
			"clientInstanceId(Duration)", "metrics()", "partitionsFor(String)", "partitionsFor(String,Duration)",
			"listTopics()", "listTopics(Duration)", "offsetsForTimes(Map)", "offsetsForTimes(Map,Duration)",
			"beginningOffsets(Collection)", "beginningOffsets(Collection,Duration)", "endOffsets(Collection)",
			"endOffsets(Collection,Duration)", "currentLag(TopicPartition)", "groupMetadata()", "enforceRebalance()",
			"enforceRebalance(String)", "wakeup()");

	private static final TopicPartition PARTITION = new TopicPartition("orders", 3);

	private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("orders-blue");

	private static final OffsetAndMetadata OFFSET = new OffsetAndMetadata(42);

	private static final Uuid CLIENT = Uuid.randomUuid();

	@Test
	void everyMethodOfTheConsumerInterfaceIsEitherGuardedOrForwarded() {
		Set<String> unclassified = new HashSet<>(signatures(interfaceMethods()));
		unclassified.removeAll(GUARDED);
		unclassified.removeAll(FORWARDED);
		assertThat(unclassified).as("methods of Consumer neither guarded nor forwarded").isEmpty();
		assertThat(GUARDED).as("guarded and forwarded").doesNotContainAnyElementsOf(FORWARDED);
		Set<String> classified = new HashSet<>(GUARDED);
		classified.addAll(FORWARDED);
		assertThat(classified).as("classified methods Consumer no longer has")
			.isSubsetOf(signatures(interfaceMethods()));
	}

	@Test
	void forwardingConsumerWritesOutEveryMethodOfTheInterface() {
		for (Method method : interfaceMethods()) {
			Method declared = declared(ForwardingConsumer.class, method);
			assertThat(declared).as(signature(method)).isNotNull();
			assertThat(Modifier.isAbstract(declared.getModifiers())).as(signature(method)).isFalse();
		}
	}

	@Test
	void guardOverridesExactlyTheGuardedMethods() {
		for (Method method : interfaceMethods()) {
			boolean overridden = declared(GuardedConsumer.class, method) != null;
			assertThat(overridden).as(signature(method)).isEqualTo(GUARDED.contains(signature(method)));
		}
	}

	@Test
	void everyForwardedMethodReachesTheKafkaConsumerWithItsArgumentsAndReturnsItsResult() throws Exception {
		List<String> calls = new ArrayList<>();
		List<@Nullable Object[]> arguments = new ArrayList<>();
		@SuppressWarnings("unchecked")
		Consumer<Object, Object> kafka = (Consumer<Object, Object>) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Consumer.class }, (proxy, method, args) -> {
					calls.add(signature(method));
					arguments.add(args);
					return sample(method.getReturnType());
				});
		GuardedConsumer guard = new GuardedConsumer(kafka, new TestGuardHost());
		for (Method method : interfaceMethods()) {
			if (!FORWARDED.contains(signature(method))) {
				continue;
			}
			calls.clear();
			arguments.clear();
			@Nullable Object[] args = Arrays.stream(method.getParameterTypes())
				.map(GuardedConsumerInterfaceTests::sample)
				.toArray();
			Object result = method.invoke(guard, args);
			assertThat(calls).as(signature(method)).containsExactly(signature(method));
			assertThat((args.length == 0) ? null : arguments.get(0)).as(signature(method))
				.isEqualTo((args.length == 0) ? null : args);
			if (method.getReturnType() != void.class) {
				assertThat(result).as(signature(method)).isEqualTo(sample(method.getReturnType()));
			}
		}
	}

	private static List<Method> interfaceMethods() {
		return Arrays.stream(Consumer.class.getMethods())
			.filter((method) -> !Modifier.isStatic(method.getModifiers()))
			.toList();
	}

	private static @Nullable Method declared(Class<?> type, Method method) {
		try {
			return type.getDeclaredMethod(method.getName(), method.getParameterTypes());
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

	private static Set<String> signatures(Collection<Method> methods) {
		return methods.stream().map(GuardedConsumerInterfaceTests::signature).collect(Collectors.toSet());
	}

	private static String signature(Method method) {
		return method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(",", "(", ")"));
	}

	private static @Nullable Object sample(Class<?> type) {
		if (type == long.class) {
			return 42L;
		}
		if (type == Duration.class) {
			return Duration.ofMillis(42);
		}
		if (type == TopicPartition.class) {
			return PARTITION;
		}
		if (type == String.class) {
			return "orders";
		}
		if (type == Collection.class || type == List.class) {
			return List.of(PARTITION);
		}
		if (type == Set.class) {
			return Set.of(PARTITION);
		}
		if (type == Map.class) {
			return Map.of(PARTITION, 42L);
		}
		if (type == ConsumerGroupMetadata.class) {
			return GROUP;
		}
		if (type == OffsetAndMetadata.class) {
			return OFFSET;
		}
		if (type == Uuid.class) {
			return CLIENT;
		}
		if (type == OptionalLong.class) {
			return OptionalLong.of(42);
		}
		return null;
	}

}
