package io.streamgate.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.Map;

/** The service's Kafka client settings outside an application context, as Spring Boot would make them. */
public final class TestKafkaClientSettings {

    private TestKafkaClientSettings() {
    }

    public static KafkaClientSettings plaintext(String bootstrapServers) {
        Map<String, Object> connection = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaClientSettings(new KafkaAdmin(connection), new DefaultKafkaConsumerFactory<>(connection));
    }
}
