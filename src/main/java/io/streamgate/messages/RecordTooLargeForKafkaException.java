package io.streamgate.messages;

/** The broker or producer refused a record as larger than its configured maximum. */
public class RecordTooLargeForKafkaException extends RuntimeException {

    public RecordTooLargeForKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
