package io.streamgate.pipeline;

import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.definition.Relation;
import io.streamgate.pipeline.definition.Relations;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.kafka.KafkaClients;
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

    /** @param sql the query's SQL; for the built-in select, its source alone is read */
    QueryViews(SparkSession session, QueryDefinition definition, Select.Sql sql, Relations relations,
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
        return RecordTransform.events(sources.apply(topic).option(KafkaClients.INCLUDE_HEADERS, true).load(),
                schema, watermark);
    }
}
