package io.streamgate.system;

/** The request is well-formed JSON but asks for something the API cannot take: answered with 400. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
