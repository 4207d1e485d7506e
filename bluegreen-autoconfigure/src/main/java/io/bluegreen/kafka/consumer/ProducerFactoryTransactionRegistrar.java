package io.bluegreen.kafka.consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Adds {@link TransactionalCommits} as a post-processor to every {@link ProducerFactory}
 * bean, so that it sees the consumer offsets the application's transactions commit, and
 * tells it which factories run transactions: in an application with one, every record
 * listener's records are handed one by one, so that a listener that runs its transactions
 * by hand can stop between them. Producer factories take any number of post-processors,
 * so the application's own are kept. A factory that is not a bean is not seen: its
 * transactions' offsets are read from the broker, and its listeners finish their poll.
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
