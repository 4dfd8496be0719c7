package io.streamgate.queries;

import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.kafka.KnownTopic;
import io.streamgate.kafka.KnownTopics;
import org.springframework.stereotype.Component;

import io.streamgate.pipeline.definition.Relation;
import io.streamgate.pipeline.definition.Relations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * The service's topic, its dead letters, the registered streams' and tables' topics, and every query's
 * output topic as its definition names it; a topic that is several of these is listed once, by the
 * first of them.
 */
@Component
class QueryTopics implements KnownTopics {

    private final KafkaTopicProperties topic;
    private final QueryRegistry queries;
    private final Relations relations;

    QueryTopics(KafkaTopicProperties topic, QueryRegistry queries, Relations relations) {
        this.topic = topic;
        this.queries = queries;
        this.relations = relations;
    }

    @Override
    public List<KnownTopic> all() {
        List<KnownTopic> all = new ArrayList<>();
        all.add(new KnownTopic(topic.name(), KnownTopic.Role.TOPIC));
        all.add(new KnownTopic(topic.deadLetterTopic(), KnownTopic.Role.DEAD_LETTERS));
        relations.all().values().forEach(relation -> all.add(new KnownTopic(relation.topic(),
                relation instanceof Relation.Table ? KnownTopic.Role.TABLE : KnownTopic.Role.STREAM)));
        queries.outputTopics().forEach(output -> all.add(new KnownTopic(output, KnownTopic.Role.OUTPUT)));
        Set<String> seen = new HashSet<>();
        return all.stream().filter(known -> seen.add(known.name())).toList();
    }
}
