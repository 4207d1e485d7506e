package io.bluegreen.kafka.consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Adds {@link PausePositions} as a post-processor to every {@link ConsumerFactory} bean,
 * so that it guards the consumers the listener containers create. Consumer factories take
 * any number of post-processors, so the application's own are kept.
 *
 * @author bluegreen
 */
public class ConsumerPostProcessorRegistrar implements BeanPostProcessor {

	private final ObjectProvider<PausePositions> pausePositions;

	/**
	 * Create a new registrar.
	 * @param pausePositions the post-processor to add, resolved when the first consumer
	 * factory is created
	 */
	public ConsumerPostProcessorRegistrar(ObjectProvider<PausePositions> pausePositions) {
		this.pausePositions = pausePositions;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConsumerFactory<?, ?> consumerFactory) {
			((ConsumerFactory<Object, Object>) consumerFactory).addPostProcessor(this.pausePositions.getObject());
		}
		return bean;
	}

}
