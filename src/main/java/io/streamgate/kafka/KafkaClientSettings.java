package io.streamgate.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Every Kafka client of the service is configured from Spring Boot's {@code spring.kafka.*}, as Spring
 * Boot's auto-configuration applied it to the admin, consumer and producer factories it made (the
 * servers, {@code security.protocol}, the SSL stores or bundle, {@code spring.kafka.properties.*}):
 * there is no second place to repeat them. Each client adds only what its own use needs, and Spark's
 * Kafka source and sink get the connection part as string options ({@link #spark()}).
 */
@Component
public class KafkaClientSettings {

    private final KafkaAdmin admin;
    private final ConsumerFactory<?, ?> consumers;
    private volatile Map<String, String> spark;

    public KafkaClientSettings(KafkaAdmin admin, ConsumerFactory<?, ?> consumers) {
        this.admin = admin;
        this.consumers = consumers;
    }

    /** An admin client's settings, with {@code own} over Spring Boot's. */
    public Map<String, Object> admin(Map<String, Object> own) {
        return with(admin.getConfigurationProperties(), own);
    }

    /** A consumer's settings, with {@code own} over Spring Boot's. */
    public Map<String, Object> consumer(Map<String, Object> own) {
        return with(consumers.getConfigurationProperties(), own);
    }

    /**
     * The connection part of a client's settings as strings (without Spark's {@code kafka.} prefix): the
     * servers, {@code security.protocol}, {@code client.dns.lookup}, and every {@code ssl.*} and
     * {@code sasl.*} setting. Key and trust stores, files or an SSL bundle, are given as their PEM text
     * ({@link PemStores}), so that Spark's tasks, on whichever worker, need no file of the service's.
     */
    public Map<String, String> spark() {
        Map<String, String> options = spark;
        if (options == null) {
            options = PemStores.connection(consumers.getConfigurationProperties());
            spark = options;
        }
        return options;
    }

    /** The servers the clients connect to first. */
    public String bootstrapServers() {
        return spark().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    private static Map<String, Object> with(Map<String, Object> spring, Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(spring);
        config.putAll(own);
        return config;
    }
}
