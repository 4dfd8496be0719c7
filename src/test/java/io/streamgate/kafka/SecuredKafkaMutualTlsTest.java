package io.streamgate.kafka;

import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** SSL with a client certificate the broker requires (mutual TLS), from key and trust store files. */
class SecuredKafkaMutualTlsTest extends SecuredKafkaTest {

    @BeforeAll
    static void startIt() {
        start(kafka -> Map.of(
                "spring.kafka.bootstrap-servers", kafka.bootstrapServers(KafkaListeners.Secured.MUTUAL_TLS),
                "spring.kafka.security.protocol", "SSL",
                "spring.kafka.ssl.key-store-location", certificates.clientKeyStore().toUri().toString(),
                "spring.kafka.ssl.key-store-password", PASSWORD,
                "spring.kafka.ssl.key-password", PASSWORD,
                "spring.kafka.ssl.key-store-type", "PKCS12",
                "spring.kafka.ssl.trust-store-location", certificates.trustStore().toUri().toString(),
                "spring.kafka.ssl.trust-store-password", PASSWORD,
                "spring.kafka.ssl.trust-store-type", "PKCS12"));
    }
}
