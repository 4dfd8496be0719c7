package io.streamgate.messages;

/** A batch of more messages than {@code streamgate.messages.max-batch-size}: nothing was sent. */
public class BatchTooLargeException extends RuntimeException {

    BatchTooLargeException(String message) {
        super(message);
    }
}
