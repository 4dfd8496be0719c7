package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.definition.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.json.JsonFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSink;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Map$;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.apache.spark.sql.functions.broadcast;

/**
 * The archive: Spark's own file sink, the one {@code writeStream.format("json")} runs, committing each
 * batch's files to its {@code _spark_metadata} log under the batch id of the query that writes it: a
 * batch processed again after a failure finds its id committed and writes nothing. Called from a
 * {@code foreachBatch}, the main query's or the archive query's own, so that each row is stamped with
 * the time its batch was delivered. {@code FileStreamSink} is internal to Spark (no public API commits
 * a batch to that log); {@code BatchSinkTest} checks the replay on each Spark upgrade.
 */
public final class ArchiveWriter {

    private static final StructType STAMP = new StructType().add(Columns.PROCESSED_AT, DataTypes.TimestampType, false);

    private final URI path;
    private final String format;
    private FileStreamSink sink; // the foreachBatch thread only; made at the first batch

    public ArchiveWriter(URI path, String format) {
        this.path = path;
        this.format = format;
    }

    public void write(Dataset<Row> batch, long batchId, Instant processedAt) {
        if (sink == null) {
            Seq<String> noPartitionColumns = CollectionConverters.asScala(List.<String>of()).toSeq();
            sink = new FileStreamSink(batch.sparkSession(), path.toString(), fileFormat(), noPartitionColumns,
                    Map$.MODULE$.<String, String>empty());
        }
        sink.addBatch(batchId, stamped(batch, processedAt));
    }

    /**
     * The batch with its delivery time joined on from a one-row table, not added as a literal: a value
     * that differs per batch inside the plan would have Spark generate and compile the write's code anew
     * for every batch ({@code GeneratedCodeReuseTest}).
     */
    private static Dataset<Row> stamped(Dataset<Row> batch, Instant processedAt) {
        Dataset<Row> stamp = batch.sparkSession().createDataFrame(List.of(RowFactory.create(Timestamp.from(processedAt))), STAMP);
        return batch.crossJoin(broadcast(stamp));
    }

    private FileFormat fileFormat() {
        return switch (format) {
            case "json" -> new JsonFileFormat();
            case "parquet" -> new ParquetFileFormat();
            default -> throw new IllegalArgumentException("Unknown archive format " + format);
        };
    }
}
