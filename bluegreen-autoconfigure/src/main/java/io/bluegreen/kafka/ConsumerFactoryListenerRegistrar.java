package io.bluegreen.kafka;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Adds {@link PausePositions} as a listener to every {@link ConsumerFactory} bean, so that
 * it knows the consumers the listener containers create. Consumer factories take any
 * number of listeners, so the application's own listeners are kept.
 *
 * @author bluegreen
 */
public class ConsumerFactoryListenerRegistrar implements BeanPostProcessor {

	private final ObjectProvider<PausePositions> pausePositions;

	/**
	 * Create a new registrar.
	 * @param pausePositions the listener to add, resolved when the first consumer factory
	 * is created
	 */
	public ConsumerFactoryListenerRegistrar(ObjectProvider<PausePositions> pausePositions) {
		this.pausePositions = pausePositions;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConsumerFactory<?, ?> consumerFactory) {
			((ConsumerFactory<Object, Object>) consumerFactory).addListener(this.pausePositions.getObject());
		}
		return bean;
	}

}
