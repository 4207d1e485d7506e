package io.bluegreen.kafka.consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Adds {@link TransactionalCommits} as a post-processor to every {@link ProducerFactory}
 * bean, so that it sees the consumer offsets the application's transactions commit.
 * Producer factories take any number of post-processors, so the application's own are
 * kept.
 *
 * @author bluegreen
 */
public class ProducerFactoryTransactionRegistrar implements BeanPostProcessor {

	private final ObjectProvider<TransactionalCommits> transactionalCommits;

	/**
	 * Create a new registrar.
	 * @param transactionalCommits the post-processor to add, resolved when the first
	 * producer factory is created
	 */
	public ProducerFactoryTransactionRegistrar(ObjectProvider<TransactionalCommits> transactionalCommits) {
		this.transactionalCommits = transactionalCommits;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ProducerFactory<?, ?> producerFactory) {
			this.transactionalCommits.getObject().track((ProducerFactory<Object, Object>) producerFactory);
		}
		return bean;
	}

}
