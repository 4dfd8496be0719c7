package io.streamgate.pipeline;

/** The checkpoint cannot be resumed with the settings asked for; a fresh start (a new checkpoint) can. */
public class CheckpointConflictException extends RuntimeException {

    CheckpointConflictException(String message) {
        super(message);
    }
}
