package io.streamgate.queries;

import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.kafka.KnownTopic;
import io.streamgate.kafka.KnownTopics;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** The service's topic, its dead letters, and every query's output topic as its definition names it. */
@Component
class QueryTopics implements KnownTopics {

    private final KafkaTopicProperties topic;
    private final QueryRegistry queries;

    QueryTopics(KafkaTopicProperties topic, QueryRegistry queries) {
        this.topic = topic;
        this.queries = queries;
    }

    @Override
    public List<KnownTopic> all() {
        List<KnownTopic> all = new ArrayList<>();
        all.add(new KnownTopic(topic.name(), KnownTopic.Role.TOPIC));
        all.add(new KnownTopic(topic.deadLetterTopic(), KnownTopic.Role.DEAD_LETTERS));
        queries.outputTopics().forEach(output -> all.add(new KnownTopic(output, KnownTopic.Role.OUTPUT)));
        return all;
    }
}
