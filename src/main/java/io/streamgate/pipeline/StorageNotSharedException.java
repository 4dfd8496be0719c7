package io.streamgate.pipeline;

/** A cluster master's executors could not see the checkpoints or the archive where the app keeps them. */
public class StorageNotSharedException extends RuntimeException {

    StorageNotSharedException(String message) {
        super(message);
    }
}
