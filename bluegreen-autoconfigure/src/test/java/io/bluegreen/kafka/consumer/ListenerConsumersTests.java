package io.bluegreen.kafka.consumer;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Restarts of listener containers: on the injected executor, away from the consumer
 * thread that asked, once while one is under way, with the records tracked before the
 * container starts again.
 *
 * @author bluegreen
 */
class ListenerConsumersTests {

	private final List<Runnable> tasks = new ArrayList<>();

	private final ListenerConsumers consumers = new ListenerConsumers(this.tasks::add);

	private final MessageListenerContainer container = mock(MessageListenerContainer.class);

	@Test
	void restartRunsOnTheExecutorAndStartsOnlyOnceStoppedAndPrepared() {
		List<String> steps = new ArrayList<>();
		assertThat(this.consumers.restart(this.container, () -> steps.add("track"))).isTrue();
		verify(this.container, never()).stop(any(Runnable.class));
		assertThat(this.tasks).hasSize(1);
		this.tasks.get(0).run();
		ArgumentCaptor<Runnable> stopped = ArgumentCaptor.forClass(Runnable.class);
		verify(this.container).stop(stopped.capture());
		verify(this.container, never()).start();
		stopped.getValue().run();
		assertThat(steps).containsExactly("track");
		InOrder order = inOrder(this.container);
		order.verify(this.container).stop(any(Runnable.class));
		order.verify(this.container).start();
	}

	@Test
	void aRestartUnderWayIsNotStartedAgain() {
		assertThat(this.consumers.restart(this.container, () -> {
		})).isTrue();
		assertThat(this.consumers.restart(this.container, () -> {
		})).isFalse();
		assertThat(this.tasks).hasSize(1);
		this.tasks.get(0).run();
		ArgumentCaptor<Runnable> stopped = ArgumentCaptor.forClass(Runnable.class);
		verify(this.container).stop(stopped.capture());
		stopped.getValue().run();
		assertThat(this.consumers.restart(this.container, () -> {
		})).isTrue();
		assertThat(this.tasks).hasSize(2);
	}

}
