package io.streamgate.kafka;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import java.util.List;

/**
 * Starts the embedded broker when the user has not pointed the app at a Kafka cluster, and hands
 * its address to Spring Kafka (and through it to Spark) as the connection details.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalKafkaCondition.class)
class EmbeddedBrokerConfiguration {

    /** Started on a thread of its own, so that the context makes its other beans meanwhile (a second or more). */
    @Bean(destroyMethod = "close")
    EmbeddedKafkaBroker embeddedKafkaBroker(EmbeddedBrokerProperties properties) {
        SimpleAsyncTaskExecutor starter = new SimpleAsyncTaskExecutor("streamgate-kafka-start-");
        starter.setDaemon(true);
        return EmbeddedKafkaBroker.begin(properties, starter);
    }

    /**
     * Waits for the broker once every bean is made, so that a broker that cannot start fails the app's
     * start. Beans of the app's configurations are registered before auto-configurations', so this runs
     * before Spring Kafka's {@code KafkaAdmin} creates the topics.
     */
    @Bean
    SmartInitializingSingleton embeddedKafkaBrokerStarted(EmbeddedKafkaBroker broker) {
        return broker::awaitStarted;
    }

    @Bean
    KafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafkaBroker broker) {
        List<String> servers = List.of(broker.bootstrapServers());
        return () -> servers;
    }
}
