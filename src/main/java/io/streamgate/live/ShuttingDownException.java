package io.streamgate.live;

/** A stream asked for while the service stops: a 503, so that the client reconnects to its next instance. */
public class ShuttingDownException extends RuntimeException {

    ShuttingDownException() {
        super("The service is shutting down; reconnect in a moment");
    }
}
