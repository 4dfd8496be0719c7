package io.streamgate.live;

/** {@code streamgate.live.max-subscribers} streams are open already: a 429. */
public class TooManySubscribersException extends RuntimeException {

    TooManySubscribersException(int max) {
        super(max + " live streams are open, the most streamgate.live.max-subscribers allows; close one first");
    }
}
