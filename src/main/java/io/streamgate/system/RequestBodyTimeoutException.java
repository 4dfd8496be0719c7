package io.streamgate.system;

/** The request's body did not arrive whole in time: answered with 408. */
public class RequestBodyTimeoutException extends RuntimeException {

    public RequestBodyTimeoutException(String message) {
        super(message);
    }
}
