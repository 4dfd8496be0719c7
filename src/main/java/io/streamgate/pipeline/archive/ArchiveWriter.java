package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.definition.Columns;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.json.JsonFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSink;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Map$;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * a batch to that log); {@code BatchSinkTest} checks the replay on each Spark upgrade. Rows are
 * written as {@link ArchiveLayout} says, in a folder per record day.
 */
public final class ArchiveWriter {

    private static final StructType STAMP = new StructType()
            .add(Columns.PROCESSED_AT, DataTypes.TimestampType, false)
            .add(Columns.BATCH_ID, DataTypes.LongType, false);

    /** Null columns written out, not left out: every row of every file has the same columns, for any reader. */
    private static final scala.collection.immutable.Map<String, String> KEEP_NULLS =
            Map$.MODULE$.<String, String>empty().updated("ignoreNullFields", "false");
    private static final String LOG = "_spark_metadata";
    private static final String LOG_VERSION = "v1";
    private static final String COMPACT_INTERVAL = "spark.sql.streaming.fileSink.log.compactInterval";

    private final URI path;
    private final String format;
    private final long archivedThrough;
    private FileStreamSink sink; // the foreachBatch thread only; made at the first batch

    /** @param archivedThrough the last batch id the generation before holds, skipped here; -1 for none */
    public ArchiveWriter(URI path, String format, long archivedThrough) {
        this.path = path;
        this.format = format;
        this.archivedThrough = archivedThrough;
    }

    public void write(Dataset<Row> batch, long batchId, Instant processedAt) {
        if (batchId <= archivedThrough) {
            return;
        }
        if (sink == null) {
            beginLogAt(batch.sparkSession(), batchId);
            Seq<String> byDay = CollectionConverters.asScala(List.of(Columns.DATE)).toSeq();
            sink = new FileStreamSink(batch.sparkSession(), path.toString(), fileFormat(), byDay, KEEP_NULLS);
        }
        sink.addBatch(batchId, archived(batch, batchId, processedAt));
    }

    /**
     * The batch's archived columns, with its delivery time and id joined on from a one-row table, not
     * added as literals: a value that differs per batch inside the plan would have Spark generate and
     * compile the write's code anew for every batch ({@code GeneratedCodeReuseTest}).
     */
    private static Dataset<Row> archived(Dataset<Row> batch, long batchId, Instant processedAt) {
        Dataset<Row> stamp = batch.sparkSession().createDataFrame(
                List.of(RowFactory.create(Timestamp.from(processedAt), batchId)), STAMP);
        Column[] columns = ArchiveLayout.COLUMNS.stream().map(functions::col).toArray(Column[]::new);
        return batch.crossJoin(broadcast(stamp)).select(columns)
                .withColumn(Columns.DATE, ArchiveLayout.day(functions.col(Columns.TIMESTAMP)));
    }

    /**
     * Spark reads a file sink's log, and compacts it, from its last compaction on, and fails on a batch
     * missing in between. A generation begun on a checkpoint past batch 0 (a layout change, the archive
     * switched on later) would fail its first compaction, and could not be read: so its log begins with
     * an empty compaction before its first batch and empty entries up to it, as a log that held nothing.
     */
    private void beginLogAt(SparkSession session, long firstBatch) {
        if (firstBatch == 0) {
            return;
        }
        Path log = new Path(path.toString(), LOG);
        try {
            FileSystem fs = log.getFileSystem(session.sparkContext().hadoopConfiguration());
            if (fs.exists(log) && fs.listStatus(log).length > 0) {
                return;
            }
            long interval = Long.parseLong(session.conf().get(COMPACT_INTERVAL, "10"));
            long compaction = firstBatch / interval * interval - 1;
            if (compaction >= 0) {
                empty(fs, new Path(log, compaction + ".compact"));
            }
            for (long id = compaction + 1; id < firstBatch; id++) {
                empty(fs, new Path(log, Long.toString(id)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot begin the archive's log at batch " + firstBatch + " in " + log, e);
        }
    }

    /** A log entry with no files: the version line alone, as Spark writes one. */
    private static void empty(FileSystem fs, Path entry) throws IOException {
        try (FSDataOutputStream out = fs.create(entry, false)) {
            out.write(LOG_VERSION.getBytes(StandardCharsets.UTF_8));
        }
    }

    private FileFormat fileFormat() {
        return switch (format) {
            case "json" -> new JsonFileFormat();
            case "parquet" -> new ParquetFileFormat();
            default -> throw new IllegalArgumentException("Unknown archive format " + format);
        };
    }
}
