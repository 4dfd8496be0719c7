package io.streamgate.kafka;

/** A topic that is not one of the service's own ({@link KnownTopics}): a 404. */
public class NoSuchTopicException extends RuntimeException {

    NoSuchTopicException(String topic) {
        super("'" + topic + "' is not a topic of this service: its topic, its dead-letter topic, or a query's output topic");
    }
}
