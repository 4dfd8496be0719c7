package io.streamgate.pipeline;

import io.streamgate.pipeline.archive.ArchiveLayout;
import io.streamgate.pipeline.archive.ArchiveWriter;
import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.sink.BatchPass;
import io.streamgate.pipeline.sink.RowFormat;
import io.streamgate.pipeline.sink.ShownRows;
import io.streamgate.pipeline.storage.localfs.NioLocalFileSystem;
import io.streamgate.pipeline.transform.RecordTransform;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

/** Lets the benchmark run the pipeline's own transformation outside the service. */
public final class BenchmarkAccess {

    private BenchmarkAccess() {
    }

    /** A local SparkSession on every core, with the settings the transformation relies on. */
    public static SparkSession localSparkSession() {
        return LocalSpark.start("benchmark", "local[*]", 2);
    }

    /**
     * The records as the archive writes them, in one of its layouts: 1, the fields as JSON text; 2
     * ({@link ArchiveLayout}), the fields a struct, the headers and the batch id, and the record's day to
     * partition by.
     *
     * @param kafkaRecords rows as Spark's Kafka source gives them, headers included
     */
    public static Dataset<Row> archived(Dataset<Row> kafkaRecords, String schemaDdl, int layout) {
        Dataset<Row> records = RecordTransform.builtIn(kafkaRecords, RecordSchema.parse(schemaDdl))
                .withColumn(Columns.PROCESSED_AT, current_timestamp());
        if (layout == 1) {
            return records.select(col(Columns.KEY), col(Columns.VALUE), col(Columns.TOPIC), col(Columns.PARTITION),
                    col(Columns.OFFSET), col(Columns.TIMESTAMP), to_json(col(Columns.FIELDS)).as(Columns.FIELDS),
                    col(Columns.VALID), col(Columns.VALIDATION_ERROR), col(Columns.PROCESSED_AT));
        }
        return records.withColumn(Columns.BATCH_ID, lit(0L))
                .select(ArchiveLayout.COLUMNS.stream().map(name -> col(name)).toArray(Column[]::new))
                .withColumn(Columns.DATE, ArchiveLayout.day(col(Columns.TIMESTAMP)));
    }

    /**
     * Writes the records to an archive as the default query's sink does, as one batch: the same
     * transformation, then the service's pass and archive writer, in JSON.
     *
     * @param kafkaRecords rows as Spark's Kafka source gives them, headers included
     */
    public static void archiveAsTheService(SparkSession spark, Dataset<Row> kafkaRecords, String schemaDdl, URI archive, long batchId) {
        Dataset<Row> batch = new RowFormat.Records().shape(RecordTransform.builtIn(kafkaRecords, RecordSchema.parse(schemaDdl)));
        BatchPass.Passing passing = new BatchPass(List.of(), Map.of()).over(batch, batchId, Instant.now(), new ShownRows.First(0));
        new ArchiveWriter(LocalSpark.storage(), archive, "json", -1).write(spark, passing.passed(), passing.stamped(), batchId);
    }

    /** Spark's local files (checkpoints, sinks) from now on through the service's file system, as the service has them. */
    public static void serviceLocalFileSystem(SparkSession spark) {
        NioLocalFileSystem.HADOOP_SETTINGS.forEach(spark.sparkContext().hadoopConfiguration()::set);
    }

    /** @param kafkaRecords rows as Spark's Kafka source gives them */
    public static Dataset<Row> transformed(Dataset<Row> kafkaRecords, String schemaDdl) {
        return RecordTransform.builtIn(kafkaRecords, RecordSchema.parse(schemaDdl));
    }
}
