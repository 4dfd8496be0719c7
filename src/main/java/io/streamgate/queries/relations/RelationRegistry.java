package io.streamgate.queries.relations;

import io.streamgate.kafka.Topics;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.definition.Relation;
import io.streamgate.pipeline.definition.Relations;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.queries.QueryReaders;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The registered streams and tables: one name space for both, as SQL reads them by name. Loaded from
 * the store at the first use; each change checked against the queries that read the name, creates the
 * topic when missing, and is written through before it is seen.
 */
@Service
public class RelationRegistry implements Relations {

    private static final Logger log = LoggerFactory.getLogger(RelationRegistry.class);

    private final RelationStore store;
    private final Topics topics;
    private final ObjectProvider<QueryReaders> readers; // the queries' registry starts the pipeline, which reads this
    private volatile Map<String, RelationStore.Stored> relations; // null until loaded; replaced whole on each change

    RelationRegistry(Storage storage, QueryPlanner planner, JsonMapper json, Topics topics,
                      ObjectProvider<QueryReaders> readers) {
        this.store = new RelationStore(storage, planner.checkpointDir(), json);
        this.topics = topics;
        this.readers = readers;
    }

    @Override
    public Map<String, Relation> all() {
        return loaded().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().relation(),
                (a, b) -> a, TreeMap::new));
    }

    /** Those of one kind, by name, with their revisions. */
    Map<String, RelationStore.Stored> of(String kind) {
        Map<String, RelationStore.Stored> ofKind = new TreeMap<>();
        loaded().forEach((name, stored) -> {
            if (stored.relation().kind().equals(kind)) {
                ofKind.put(name, stored);
            }
        });
        return ofKind;
    }

    /** @throws RelationNotFoundException when no relation of that kind has the name */
    RelationStore.Stored find(String kind, String name) {
        return Optional.ofNullable(loaded().get(name)).filter(stored -> stored.relation().kind().equals(kind))
                .orElseThrow(() -> new RelationNotFoundException(kind, name));
    }

    /**
     * Registers or replaces one; its topic is created when missing (a table's compacted).
     *
     * @return true when created, false when replaced
     * @throws RelationInUseException when a running query reads the one it replaces
     */
    synchronized boolean put(String name, Relation relation) {
        Relation.requireName(name);
        RelationStore.Stored before = loaded().get(name);
        if (before != null && !before.relation().kind().equals(relation.kind())) {
            throw new InvalidQueryException("'" + name + "' is a " + before.relation().kind() + "; delete it before "
                    + "registering a " + relation.kind() + " of that name");
        }
        if (before != null && !before.relation().equals(relation)) {
            List<String> running = readers.getObject().activeOf(name);
            if (!running.isEmpty()) {
                throw new RelationInUseException("The " + relation.kind() + " '" + name + "' is read by running queries; "
                        + "stop them before replacing it", running);
            }
        }
        createTopic(relation);
        RelationStore.Stored stored = new RelationStore.Stored(relation, before == null ? 1
                : before.relation().equals(relation) ? before.revision() : before.revision() + 1);
        store.write(name, stored);
        Map<String, RelationStore.Stored> changed = new TreeMap<>(loaded());
        changed.put(name, stored);
        relations = Collections.unmodifiableMap(changed);
        log.info("{} {} {} on topic {}", before == null ? "Registered" : "Replaced", relation.kind(), name, relation.topic());
        return before == null;
    }

    /** @throws RelationInUseException when any query reads it, running or not */
    synchronized void delete(String kind, String name) {
        find(kind, name);
        List<String> reading = readers.getObject().of(name);
        if (!reading.isEmpty()) {
            throw new RelationInUseException("The " + kind + " '" + name + "' is read by queries; delete or replace them "
                    + "first", reading);
        }
        store.delete(name);
        Map<String, RelationStore.Stored> changed = new TreeMap<>(loaded());
        changed.remove(name);
        relations = Collections.unmodifiableMap(changed);
        log.info("Deleted {} {}", kind, name);
    }

    private void createTopic(Relation relation) {
        if (relation instanceof Relation.Stream stream) {
            topics.createIfMissing(stream.topic(),
                    stream.partitions() == null ? OptionalInt.empty() : OptionalInt.of(stream.partitions()), Map.of());
        } else {
            topics.createIfMissing(relation.topic(), OptionalInt.empty(),
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
    }

    private Map<String, RelationStore.Stored> loaded() {
        Map<String, RelationStore.Stored> current = relations;
        if (current == null) {
            synchronized (this) {
                if (relations == null) {
                    relations = Collections.unmodifiableMap(store.load());
                }
                current = relations;
            }
        }
        return current;
    }
}
