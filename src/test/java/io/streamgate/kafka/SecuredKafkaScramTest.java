package io.streamgate.kafka;

import org.junit.jupiter.api.BeforeAll;

/** SASL_SSL with SCRAM-SHA-512, as Amazon MSK's SCRAM users are; the broker's certificate trusted through a trust store file. */
class SecuredKafkaScramTest extends SecuredKafkaTest {

    @BeforeAll
    static void startIt() {
        start(kafka -> scram(kafka, "alice", USERS.get("alice")));
    }
}
