package io.streamgate.kafka;

import java.util.List;

/**
 * The topics of the service's own: the ones that may be tailed, and produced to. Its topic and dead
 * letters, and what the features built on Kafka add (queries' output topics), so that {@code live} and
 * {@code messages} need not know those features.
 */
@FunctionalInterface
public interface KnownTopics {

    /** Every one, the service's topic first. */
    List<KnownTopic> all();

    /** The topic of that name; a {@link NoSuchTopicException} when the service does not know it. */
    default KnownTopic require(String name) {
        return all().stream().filter(topic -> topic.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchTopicException(name));
    }
}
