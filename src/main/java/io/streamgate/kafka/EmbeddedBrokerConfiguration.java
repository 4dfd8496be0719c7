package io.streamgate.kafka;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Starts the embedded broker when the user has not pointed the app at a Kafka cluster, and hands
 * its address to Spring Kafka (and through it to Spark) as the connection details.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalKafkaCondition.class)
class EmbeddedBrokerConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedKafkaBroker embeddedKafkaBroker(EmbeddedBrokerProperties properties) {
        return EmbeddedKafkaBroker.start(properties);
    }

    @Bean
    KafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafkaBroker broker) {
        List<String> servers = List.of(broker.bootstrapServers());
        return () -> servers;
    }
}
