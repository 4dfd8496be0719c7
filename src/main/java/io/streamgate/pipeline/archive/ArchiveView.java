package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.archive.ArchiveLayout.Generation;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.storage.Storage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.streamgate.pipeline.definition.Columns.BATCH_ID;
import static io.streamgate.pipeline.definition.Columns.DATE;
import static io.streamgate.pipeline.definition.Columns.FIELDS;
import static io.streamgate.pipeline.definition.Columns.GENERATION;
import static io.streamgate.pipeline.definition.Columns.HEADERS;
import static io.streamgate.pipeline.definition.Columns.TIMESTAMP;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;

/**
 * The {@code archive} relation: every generation folder below {@code archive.path}, each read through
 * its file sink's {@code _spark_metadata} log (Spark's reader takes the log's files only when a folder
 * has one, so a file a crash left half-written, or any file the log does not name, is never read), with
 * the same columns whatever layout a generation was written in, and the generation's name. A folder
 * with no log yet has nothing committed and is left out.
 */
public final class ArchiveView {

    static final String GENERATION_PREFIX = "generation-";
    private static final String LOG = "_spark_metadata";

    private ArchiveView() {
    }

    /**
     * @param schema          the schema whose fields {@code fields} has; a generation that lacks one has it null
     * @param formatOfLayout1 the format generations from before layout 2 were written in (they have no marker to say)
     */
    public static Dataset<Row> of(SparkSession session, Storage storage, URI root, RecordSchema schema,
                                  String formatOfLayout1) {
        List<Dataset<Row>> generations = new ArrayList<>();
        for (String name : storage.folders(root)) {
            URI folder = Storage.child(root, name);
            if (!name.startsWith(GENERATION_PREFIX) || !storage.exists(Storage.child(folder, LOG))) {
                continue;
            }
            Dataset<Row> rows = ArchiveLayout.marked(storage, folder)
                    .map(generation -> laidOut(session, folder, generation, schema))
                    .orElseGet(() -> firstLayout(session, folder, formatOfLayout1, schema));
            generations.add(rows.select(columns(name)));
        }
        return generations.stream().reduce(Dataset::union)
                .orElseGet(() -> session.createDataFrame(List.of(), schema(schema)));
    }

    /** The view's columns: those of each file, the generation, the day. */
    public static StructType schema(RecordSchema schema) {
        StructType file = ArchiveLayout.schema(schema);
        StructType view = new StructType();
        for (String column : ArchiveLayout.COLUMNS) {
            view = view.add(file.apply(column));
        }
        return view.add(GENERATION, DataTypes.StringType).add(file.apply(DATE));
    }

    private static Column[] columns(String generation) {
        List<Column> columns = new ArrayList<>();
        ArchiveLayout.COLUMNS.forEach(name -> columns.add(col(name)));
        columns.add(lit(generation).as(GENERATION));
        columns.add(col(DATE));
        return columns.toArray(Column[]::new);
    }

    private static Dataset<Row> laidOut(SparkSession session, URI folder, Generation generation, RecordSchema schema) {
        return session.read().format(generation.format()).schema(ArchiveLayout.schema(schema)).load(Storage.sparkPath(folder));
    }

    /** Layout 1: the fields parsed from their JSON text; no headers or batch ids were kept, so they are null. */
    private static Dataset<Row> firstLayout(SparkSession session, URI folder, String format, RecordSchema schema) {
        return session.read().format(format).schema(ArchiveLayout.firstLayout()).load(Storage.sparkPath(folder))
                .withColumn(FIELDS, from_json(col(FIELDS), schema.stored(), Map.of()))
                .withColumn(HEADERS, lit(null).cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)))
                .withColumn(BATCH_ID, lit(null).cast(DataTypes.LongType))
                .withColumn(DATE, ArchiveLayout.day(col(TIMESTAMP)));
    }
}
