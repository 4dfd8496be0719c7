package io.streamgate.kafka;

import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** SASL_SSL with SCRAM-SHA-512; the broker's certificate trusted through a trust store file. */
class SecuredKafkaScramTest extends SecuredKafkaTest {

    @BeforeAll
    static void startIt() {
        start(kafka -> Map.of(
                "spring.kafka.bootstrap-servers", kafka.bootstrapServers(KafkaListeners.Secured.SASL_SSL),
                "spring.kafka.security.protocol", "SASL_SSL",
                "spring.kafka.ssl.trust-store-location", certificates.trustStore().toUri().toString(),
                "spring.kafka.ssl.trust-store-password", PASSWORD,
                "spring.kafka.ssl.trust-store-type", "PKCS12",
                "spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512",
                "spring.kafka.properties.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                        + "required username=\"alice\" password=\"" + USERS.get("alice") + "\";"));
    }
}
