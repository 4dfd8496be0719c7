package io.streamgate.queries;

import io.streamgate.kafka.Topics;
import io.streamgate.pipeline.StreamingPipeline;
import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.Relation;
import io.streamgate.pipeline.definition.Relations;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.definition.Sinks;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.results.ResultTables;
import io.streamgate.pipeline.sql.CheckedSql;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.queries.store.SavedQuery;
import io.streamgate.queries.store.SqlAnalysis;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users' queries defined from requests ({@code PUT /queries/{name}}): the request's options on top of the
 * defaults, the SQL checked and analyzed against its topic, and stored only once it passes. A replacement
 * whose state its checkpoint cannot carry needs {@code startingOffsets}, which begins anew.
 */
@Component
class QueryDefinitions {

    private final QueryRegistry queries;
    private final StreamingPipeline pipeline;
    private final PipelineProperties settings;
    private final Topics topics;
    private final Storage storage;
    private final QueryPlanner planner;
    private final ResultTables results;
    private final String serviceTopic;
    private final String deadLetterTopic;
    private final Relations relations;

    QueryDefinitions(QueryRegistry queries, StreamingPipeline pipeline, PipelineProperties settings, Topics topics,
                     Storage storage, QueryPlanner planner, ResultTables results,
                     io.streamgate.kafka.KafkaTopicProperties topic, Relations relations) {
        this.relations = relations;
        this.queries = queries;
        this.pipeline = pipeline;
        this.settings = settings;
        this.topics = topics;
        this.storage = storage;
        this.planner = planner;
        this.results = results;
        this.serviceTopic = topic.name();
        this.deadLetterTopic = topic.deadLetterTopic();
    }

    /**
     * Creates or replaces a user query; nothing is written unless its SQL passes.
     *
     * @return true when created, false when replaced
     */
    boolean define(String name, QueryRequest request) {
        return queries.changing(name, () -> defineAlone(name, request));
    }

    private boolean defineAlone(String name, QueryRequest request) {
        QueryOperator query = queries.userQuery(name);
        try {
            if (request == null) {
                throw new InvalidQueryException("A body with sql is required");
            }
            Select.Sql select = new Select.Sql(request.sql(), request.watermark(),
                    request.outputMode() == null ? null : OutputMode.of(request.outputMode()));
            QueryDefinition asked = settings.definition(request.topic() != null ? request.topic() : serviceTopic,
                    request.startingOffsets(), request.trigger(), request.schema(), request.mode(), select,
                    Sinks.outputTo(request.outputTopic()));
            if (topics.partitions(asked.topic()).isEmpty()) {
                throw new InvalidQueryException("Topic '" + asked.topic() + "' does not exist; the query reads an existing topic");
            }
            CheckedSql checked = pipeline.check(asked, select);
            QueryDefinition definition = asked.withSelect(select.withOutputMode(checked.outputMode()));
            SqlAnalysis analysis = SqlAnalysis.of(checked);
            // One definition at a time, so two requests cannot each close half of a loop.
            synchronized (this) {
                requireNoLoop(name, definition, analysis);
                return query.whileStopped(() -> store(query, definition, analysis, request.startingOffsets() != null));
            }
        } finally {
            queries.forgetUnsaved(query);
        }
    }

    /**
     * The dead-letter topic is the default query's alone; any other output must not flow back, through any
     * chain of queries, into the topic the query reads.
     */
    private void requireNoLoop(String name, QueryDefinition definition, SqlAnalysis analysis) {
        Optional<String> output = definition.sinks().outputTopic();
        if (output.isEmpty()) {
            return;
        }
        if (output.get().equals(deadLetterTopic)) {
            throw new InvalidQueryException("outputTopic '" + deadLetterTopic + "' is the dead-letter topic, which "
                    + "only the default query writes; queries may read it");
        }
        List<TopicLoops.Flow> others = new ArrayList<>();
        for (QueryOperator other : queries.all()) {
            if (other.name().equals(name)) {
                continue;
            }
            // as a start without options would run it (the default query with its sinks as configured); a user
            // query deleted meanwhile has no definition left
            Optional<QueryDefinition> saved = other.store().read().definition();
            if (saved.isPresent() || other.definedBy() instanceof DefinedBy.Settings) {
                others.addAll(flows(other.name(), other.definedBy().toStart(other.name(), saved, StartQueryRequest.DEFAULTS),
                        other.store().read().analysis()));
            }
        }
        for (String read : topicsRead(definition, Optional.of(analysis))) {
            TopicLoops.closedBy(new TopicLoops.Flow(name, read, output.get()), others).ifPresent(loop -> {
                throw new InvalidQueryException("outputTopic '" + output.get() + "' would feed the query's rows back into "
                        + "what it reads, each time again: " + TopicLoops.describe(loop));
            });
        }
    }

    private List<TopicLoops.Flow> flows(String name, QueryDefinition definition, Optional<SqlAnalysis> analysis) {
        List<TopicLoops.Flow> flows = new ArrayList<>();
        for (String read : topicsRead(definition, analysis)) {
            definition.sinks().outputTopic().ifPresent(out -> flows.add(new TopicLoops.Flow(name, read, out)));
            if (definition.sinks().deadLetters()) {
                flows.add(new TopicLoops.Flow(name, read, deadLetterTopic));
            }
        }
        return flows;
    }

    /** The topics a query reads: its own, for the built-in select and events, and those of the streams and tables its SQL names. */
    private List<String> topicsRead(QueryDefinition definition, Optional<SqlAnalysis> analysis) {
        if (analysis.isEmpty()) {
            return List.of(definition.topic());
        }
        return analysis.get().reads().stream().map(read -> read.equals(Columns.EVENTS_VIEW) ? Optional.of(definition.topic())
                : relations.find(read).map(Relation::topic)).flatMap(Optional::stream).distinct().toList();
    }

    /** With the query stopped: a new one from a clean folder, or a replacement that its checkpoint can carry. */
    private boolean store(QueryOperator query, QueryDefinition definition, SqlAnalysis analysis, boolean fromScratch) {
        SavedQuery saved = query.store().read();
        if (saved.definition().isEmpty()) {
            // A folder left by a query deleted while its files were unreachable must not be resumed.
            query.store().deleteAll();
            results.remove(query.name());
            query.store().write(SavedQuery.defined(definition, analysis));
            return true;
        }
        URI checkpoint = planner.checkpoint(query.name());
        Optional<String> conflict = stateConflict(saved.definition().get(), saved.analysis(), definition, analysis);
        if (storage.exists(checkpoint) && conflict.isPresent() && !fromScratch) {
            throw new QueryStateException("The query's checkpoint cannot carry over: " + conflict.get()
                    + ". Replace it with startingOffsets to begin from a new checkpoint", query.status());
        }
        if (fromScratch) {
            storage.delete(checkpoint);
            results.find(query.name()).ifPresent(table -> table.clear());
        }
        query.store().write(SavedQuery.defined(definition, analysis));
        return false;
    }

    /** Why a replacement cannot resume from the checkpoint of the definition before it, if it cannot. */
    private static Optional<String> stateConflict(QueryDefinition before, Optional<SqlAnalysis> analyzedBefore,
                                                  QueryDefinition after, SqlAnalysis analyzedAfter) {
        if (!before.topic().equals(after.topic())) {
            return Optional.of("it reads another topic ('" + before.topic() + "' before, '" + after.topic() + "' now)");
        }
        if (before.mode() != after.mode()) {
            return Optional.of("it runs in another mode (" + before.mode().value() + " before, " + after.mode().value() + " now)");
        }
        if (analyzedBefore.isPresent() && !analyzedBefore.get().reads().equals(analyzedAfter.reads())) {
            return Optional.of("it reads other streams or tables (" + analyzedBefore.get().reads() + " before, "
                    + analyzedAfter.reads() + " now), and Spark's checkpoint has offsets for each source it read");
        }
        if (analyzedBefore.isPresent() && !analyzedBefore.get().stateSignature().equals(analyzedAfter.stateSignature())) {
            return Optional.of("it keeps other state in Spark's state store (" + analyzedBefore.get().stateSignature()
                    + " before, " + analyzedAfter.stateSignature() + " now)");
        }
        return Optional.empty();
    }
}
