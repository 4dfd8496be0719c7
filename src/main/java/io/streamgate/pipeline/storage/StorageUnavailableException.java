package io.streamgate.pipeline.storage;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The file system of the checkpoints or the archive did not do what was asked (down, unreachable, refused). */
public class StorageUnavailableException extends UncheckedIOException {

    StorageUnavailableException(String message, IOException cause) {
        super(message, cause);
    }
}
