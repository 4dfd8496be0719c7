package io.streamgate.messages;

/** A message the API cannot publish as given (no value, an empty header name): nothing was sent. */
public class InvalidMessageException extends RuntimeException {

    InvalidMessageException(String message) {
        super(message);
    }
}
