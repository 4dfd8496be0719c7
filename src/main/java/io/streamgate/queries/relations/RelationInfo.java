package io.streamgate.queries.relations;

import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.definition.Relation;
import io.streamgate.pipeline.sql.CheckedSql;
import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream or table as {@code /streams/{name}} and {@code /tables/{name}} show it: its definition, the
 * columns SQL reads, and its revision (1 when registered, one more at each replacement that changed it).
 */
@Schema(name = "RelationInfo")
public record RelationInfo(
        @Schema(example = "orders") String name,
        @Schema(allowableValues = {"stream", "table"}) String kind,
        @Schema(example = "orders") String topic,
        @Schema(example = "id BIGINT NOT NULL, customer_id BIGINT, amount DOUBLE") String schema,
        @Schema(nullable = true, description = "A stream's event-time watermark on timestamp") String watermark,
        @Schema(nullable = true, description = "A stream's partitions when the service created its topic") Integer partitions,
        @Schema(nullable = true, description = "A table's key: the schema's field that holds each record's key") String key,
        List<CheckedSql.Column> columns,
        long revision) {

    static RelationInfo of(String name, RelationStore.Stored stored) {
        Relation relation = stored.relation();
        List<CheckedSql.Column> columns = new ArrayList<>(List.of(
                new CheckedSql.Column(Columns.KEY, "STRING"), new CheckedSql.Column(Columns.VALUE, "STRING"),
                new CheckedSql.Column(Columns.TOPIC, "STRING"), new CheckedSql.Column(Columns.PARTITION, "INT"),
                new CheckedSql.Column(Columns.OFFSET, "BIGINT"), new CheckedSql.Column(Columns.TIMESTAMP, "TIMESTAMP"),
                new CheckedSql.Column(Columns.HEADERS, "MAP<STRING, STRING>")));
        if (relation instanceof Relation.Stream) {
            columns.add(new CheckedSql.Column(Columns.VALID, "BOOLEAN"));
            columns.add(new CheckedSql.Column(Columns.VALIDATION_ERROR, "STRING"));
        }
        for (StructField field : relation.schema().fields()) {
            columns.add(new CheckedSql.Column(field.name(), field.dataType().sql()));
        }
        if (relation instanceof Relation.Stream stream) {
            return new RelationInfo(name, stream.kind(), stream.topic(), stream.schema().ddl(), stream.watermark(),
                    stream.partitions(), null, columns, stored.revision());
        }
        Relation.Table table = (Relation.Table) relation;
        return new RelationInfo(name, table.kind(), table.topic(), table.schema().ddl(), null, null, table.key(), columns,
                stored.revision());
    }
}
