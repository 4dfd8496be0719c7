package io.streamgate.live;

/** A tail request with a bad option: a 400. */
public class InvalidTailRequestException extends RuntimeException {

    InvalidTailRequestException(String message) {
        super(message);
    }
}
