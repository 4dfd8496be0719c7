package io.streamgate.live;

/** A live stream asked for with a bad option, or a {@code Last-Event-ID} past its bound: a 400. */
public class InvalidTailRequestException extends RuntimeException {

    InvalidTailRequestException(String message) {
        super(message);
    }
}
