package io.streamgate.pipeline.definition;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

import java.util.Locale;

/** The topic names a query may read or write: names Kafka accepts, and none of Kafka's internal topics. */
public final class TopicName {

    private TopicName() {
    }

    /** @throws InvalidQueryException naming {@code what} when Kafka would refuse the name, or it is internal */
    public static void require(String what, String name) {
        try {
            Topic.validate(name);
        } catch (InvalidTopicException e) {
            throw new InvalidQueryException(what + " is not a valid Kafka topic name: " + e.getMessage());
        }
        if (Topic.isInternal(name) || name.toLowerCase(Locale.ROOT).startsWith("__")) {
            throw new InvalidQueryException(what + " '" + name + "' is one of Kafka's internal topics");
        }
    }
}
