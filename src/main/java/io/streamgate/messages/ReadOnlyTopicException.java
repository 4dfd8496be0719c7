package io.streamgate.messages;

/** A topic clients may not produce to: the dead letters, which the service alone writes. A 403. */
public class ReadOnlyTopicException extends RuntimeException {

    ReadOnlyTopicException(String topic) {
        super("'" + topic + "' is the dead-letter topic: only the service writes to it");
    }
}
