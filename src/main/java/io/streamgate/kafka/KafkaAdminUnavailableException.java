package io.streamgate.kafka;

/** Kafka's cluster did not answer an admin call (a topic described or created) in time. */
public class KafkaAdminUnavailableException extends RuntimeException {

    public KafkaAdminUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
