package io.bluegreen.sample;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The orders topic.
 *
 * @author bluegreen
 */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

	@Bean
	NewTopic ordersTopic(@Value("${sample.topic}") String topic) {
		return TopicBuilder.name(topic).partitions(6).replicas(1).build();
	}

}
