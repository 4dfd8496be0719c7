package io.streamgate.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Spring Kafka's {@code KafkaAdmin} creates every {@link NewTopic} bean at startup if it is missing. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic streamgateTopic(KafkaTopicProperties topic) {
        return shapedLike(topic, topic.name());
    }

    /** Same partitions as the topic, as Spring Kafka's dead-letter publishing expects. */
    @Bean
    NewTopic streamgateDeadLetterTopic(KafkaTopicProperties topic) {
        return shapedLike(topic, topic.deadLetterTopic());
    }

    private static NewTopic shapedLike(KafkaTopicProperties topic, String name) {
        TopicBuilder builder = TopicBuilder.name(name).partitions(topic.partitions()).replicas(topic.replicas());
        if (topic.minInsyncReplicas() != null) {
            builder.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, topic.minInsyncReplicas().toString());
        }
        return builder.build();
    }
}
