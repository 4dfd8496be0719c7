package io.streamgate.kafka;

import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * SASL_SSL with PLAIN, as Confluent Cloud's API keys are; the broker's certificate trusted through an
 * SSL bundle ({@code spring.kafka.ssl.bundle}), which Spark's tasks get as PEM text.
 */
class SecuredKafkaPlainTest extends SecuredKafkaTest {

    @BeforeAll
    static void startIt() {
        start(kafka -> Map.of(
                "spring.kafka.bootstrap-servers", kafka.bootstrapServers(KafkaListeners.Secured.SASL_SSL),
                "spring.kafka.security.protocol", "SASL_SSL",
                "spring.ssl.bundle.jks.kafka.truststore.location", certificates.trustStore().toUri().toString(),
                "spring.ssl.bundle.jks.kafka.truststore.password", PASSWORD,
                "spring.ssl.bundle.jks.kafka.truststore.type", "PKCS12",
                "spring.kafka.ssl.bundle", "kafka",
                "spring.kafka.properties.sasl.mechanism", "PLAIN",
                "spring.kafka.properties.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"alice\" password=\"" + USERS.get("alice") + "\";"));
    }
}
