package io.streamgate.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Spring Kafka's {@code KafkaAdmin} creates every {@link NewTopic} bean at startup if it is missing. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic streamgateTopic(KafkaTopicProperties topic) {
        return TopicBuilder.name(topic.name())
                .partitions(topic.partitions())
                .replicas(topic.replicas())
                .build();
    }

    @Bean
    NewTopic streamgateDeadLetterTopic(KafkaTopicProperties topic) {
        return TopicBuilder.name(topic.deadLetterTopic())
                .partitions(topic.partitions())
                .replicas(topic.replicas())
                .build();
    }
}
