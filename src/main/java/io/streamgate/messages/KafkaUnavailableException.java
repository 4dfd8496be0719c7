package io.streamgate.messages;

/** Kafka did not acknowledge in time or refused the record for a reason that is not the client's fault. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
