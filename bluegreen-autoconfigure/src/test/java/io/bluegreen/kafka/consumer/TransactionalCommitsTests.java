package io.bluegreen.kafka.consumer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which consumer offsets {@link TransactionalCommits} takes as committed, on Kafka's
 * {@link MockProducer}: only those of a transaction whose commit returned.
 */
class TransactionalCommitsTests {

	private static final TopicPartition P0 = new TopicPartition("orders", 0);

	private static final TopicPartition P1 = new TopicPartition("orders", 1);

	private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("orders-blue");

	private final TransactionalCommits commits = new TransactionalCommits();

	private final AtomicInteger completions = new AtomicInteger();

	private final MockProducer<Object, Object> mock = new MockProducer<>();

	private final Producer<Object, Object> producer = this.commits.apply(this.mock);

	TransactionalCommitsTests() {
		this.commits.onCompletion(this.completions::incrementAndGet);
		this.producer.initTransactions();
	}

	@Test
	void anApplicationWithAProducerFactoryThatRunsTransactionsIsTransactionCapable() {
		TransactionalCommits commits = new TransactionalCommits();
		DefaultKafkaProducerFactory<Object, Object> plain = new DefaultKafkaProducerFactory<>(Map.of());
		commits.track(plain);
		assertThat(commits.transactionCapable()).isFalse();
		assertThat(plain.getPostProcessors()).containsExactly(commits);

		DefaultKafkaProducerFactory<Object, Object> transactional = new DefaultKafkaProducerFactory<>(Map.of());
		transactional.setTransactionIdPrefix("orders-");
		commits.track(transactional);
		assertThat(commits.transactionCapable()).isTrue();
		assertThat(transactional.getPostProcessors()).containsExactly(commits);
	}

	@Test
	void offsetsOfAnOpenTransactionArePendingUntilItCommits() {
		this.producer.beginTransaction();
		this.producer.sendOffsetsToTransaction(Map.of(P0, new OffsetAndMetadata(42)), GROUP);
		assertThat(this.commits.openOn("orders-blue", List.of(P0, P1))).containsExactly(P0);
		assertThat(this.commits.openOn("orders-green", List.of(P0, P1))).isEmpty();
		assertThat(this.commits.committed("orders-blue", P0)).isNull();

		this.producer.commitTransaction();

		assertThat(this.commits.openOn("orders-blue", List.of(P0, P1))).isEmpty();
		assertThat(this.commits.committed("orders-blue", P0)).isEqualTo(42L);
		assertThat(this.commits.committed("orders-blue", P1)).isNull();
		assertThat(this.completions).hasValue(1);
	}

	@Test
	void aGroupWhoseOffsetsATransactionCarriesIsCommittedInTransactionsFromItsFirstOne() {
		assertThat(this.commits.carryOffsetsOf("orders-blue")).isFalse();
		this.producer.beginTransaction();
		this.producer.sendOffsetsToTransaction(Map.of(P0, new OffsetAndMetadata(42)), GROUP);

		assertThat(this.commits.carryOffsetsOf("orders-blue")).as("while the first is open").isTrue();
		this.producer.commitTransaction();
		assertThat(this.commits.carryOffsetsOf("orders-blue")).isTrue();
		assertThat(this.commits.carryOffsetsOf("orders-green")).isFalse();
	}

	@Test
	void anAbortedTransactionCommitsNothing() {
		commit(P0, 10);
		this.producer.beginTransaction();
		this.producer.sendOffsetsToTransaction(Map.of(P0, new OffsetAndMetadata(20)), GROUP);
		this.producer.abortTransaction();

		assertThat(this.commits.openOn("orders-blue", List.of(P0))).isEmpty();
		assertThat(this.commits.committed("orders-blue", P0)).isEqualTo(10L);
		assertThat(this.completions).hasValue(2);
	}

	@Test
	void aFailedCommitCommitsNothing() {
		this.producer.beginTransaction();
		this.producer.sendOffsetsToTransaction(Map.of(P0, new OffsetAndMetadata(20)), GROUP);
		this.mock.commitTransactionException = new KafkaException("coordinator gone");

		assertThatExceptionOfType(KafkaException.class).isThrownBy(this.producer::commitTransaction);

		assertThat(this.commits.openOn("orders-blue", List.of(P0))).isEmpty();
		assertThat(this.commits.committed("orders-blue", P0)).isNull();
	}

	@Test
	void theHighestCommittedOffsetCounts() {
		commit(P0, 30);
		commit(P0, 31);
		assertThat(this.commits.committed("orders-blue", P0)).isEqualTo(31L);
	}

	@Test
	void aClosedProducerLeavesNothingOpen() {
		this.producer.beginTransaction();
		this.producer.sendOffsetsToTransaction(Map.of(P1, new OffsetAndMetadata(5)), GROUP);
		this.producer.close();

		assertThat(this.commits.openOn("orders-blue", List.of(P1))).isEmpty();
		assertThat(this.commits.committed("orders-blue", P1)).isNull();
	}

	private void commit(TopicPartition partition, long offset) {
		this.producer.beginTransaction();
		this.producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(offset)), GROUP);
		this.producer.commitTransaction();
	}

}
