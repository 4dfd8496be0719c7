package io.streamgate.pipeline.storage;

/** A cluster master's executors could not see the checkpoints or the archive where the app keeps them. */
public class StorageNotSharedException extends RuntimeException {

    public StorageNotSharedException(String message) {
        super(message);
    }
}
