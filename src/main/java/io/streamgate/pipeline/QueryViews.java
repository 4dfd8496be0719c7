package io.streamgate.pipeline;

import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.definition.Relation;
import io.streamgate.pipeline.definition.Relations;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.kafka.KafkaClients;
import io.streamgate.pipeline.kafka.SparkKafkaOptions;
import io.streamgate.pipeline.plan.Engine;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.sql.Views;
import io.streamgate.pipeline.transform.RecordTransform;
import io.streamgate.pipeline.transform.TableView;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What one query's SQL reads: {@code events}, its own topic, and the registered streams and tables. A
 * stream is a Kafka source of its topic ({@code sources} gives it its offsets and limits); its watermark
 * is the query's when the query has one, else the stream's own. A table is a batch read of its topic.
 */
final class QueryViews implements Views {

    private final SparkSession session;
    private final QueryDefinition definition;
    private final Select.Sql sql;
    private final Map<String, Relation> relations;
    private final KafkaClients kafka;
    private final Function<String, DataStreamReader> sources;
    private final long maxTableRows;

    /** What a query's SQL would read, to check it: sources from the definition's offsets, never started. */
    static QueryViews toCheck(SparkSession session, QueryDefinition definition, Select.Sql sql, Relations relations,
                              KafkaClients kafka, long maxTableRows) {
        return new QueryViews(session, definition, sql, relations, kafka,
                topic -> kafka.source(session, topic, definition.startingOffsets()), maxTableRows);
    }

    /**
     * What a plan's run reads, each stream from where the plan begins it: the plan's own topic from where
     * it was planned, a registered stream's fixed now the same way. A micro-batch reads at most its cap
     * and splits a large batch into tasks, so that a backlog drains in bounded steps on every core; Spark
     * refuses both in real-time mode, whose one long-running task per topic partition reads what arrives
     * as it arrives.
     */
    static QueryViews toRun(SparkSession session, QueryPlan plan, Relations relations, KafkaClients kafka,
                            QueryPlanner planner, long maxTableRows) {
        QueryDefinition definition = plan.definition();
        Function<String, DataStreamReader> sources = topic -> {
            String offsets = topic.equals(definition.topic()) ? plan.startingOffsets()
                    : planner.startingOffsets(definition.startingOffsets(), topic);
            DataStreamReader source = kafka.source(session, topic, offsets);
            if (plan.engine() instanceof Engine.MicroBatch microBatch) {
                source.option(SparkKafkaOptions.MAX_OFFSETS_PER_TRIGGER, microBatch.maxOffsetsPerTrigger())
                        .option(SparkKafkaOptions.MAX_RECORDS_PER_PARTITION, microBatch.maxRecordsPerTask());
            }
            return source;
        };
        return new QueryViews(session, definition, definition.select() instanceof Select.Sql sql ? sql : null,
                relations, kafka, sources, maxTableRows);
    }

    /** @param sql the query's SQL; for the built-in select, its source alone is read */
    private QueryViews(SparkSession session, QueryDefinition definition, Select.Sql sql, Relations relations,
               KafkaClients kafka, Function<String, DataStreamReader> sources, long maxTableRows) {
        this.session = session;
        this.definition = definition;
        this.sql = sql;
        this.relations = relations.all();
        this.kafka = kafka;
        this.sources = sources;
        this.maxTableRows = maxTableRows;
    }

    /** A Kafka source of the topic, with the offsets and limits the query's run gives it. */
    DataStreamReader source(String topic) {
        return sources.apply(topic);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>(relations.keySet());
        names.add(Columns.EVENTS_VIEW);
        return names;
    }

    @Override
    public Dataset<Row> view(String name) {
        if (name.equals(Columns.EVENTS_VIEW)) {
            return stream(definition.topic(), definition.schema(), watermark());
        }
        Relation relation = relations.get(name);
        if (relation instanceof Relation.Stream stream) {
            return stream(stream.topic(), stream.schema(),
                    watermark().or(() -> Optional.ofNullable(stream.watermark())));
        }
        Relation.Table table = (Relation.Table) relation;
        return TableView.of(name, table, kafka.table(session, table.topic()), maxTableRows);
    }

    private Optional<String> watermark() {
        return Optional.ofNullable(sql).map(Select.Sql::watermark);
    }

    private Dataset<Row> stream(String topic, RecordSchema schema, Optional<String> watermark) {
        return RecordTransform.events(sources.apply(topic).load(),
                schema, watermark);
    }
}
