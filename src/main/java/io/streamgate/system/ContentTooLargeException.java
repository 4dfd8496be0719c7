package io.streamgate.system;

/** The request carries more than the configured limit allows: answered with 413. */
public class ContentTooLargeException extends RuntimeException {

    public ContentTooLargeException(String message) {
        super(message);
    }

    public ContentTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
