package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.definition.Columns;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.json.JsonFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSink;
import scala.collection.immutable.Map$;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

    /** @param stamped the batch's rows with their {@link Columns#PROCESSED_AT} and {@link Columns#BATCH_ID} */
    public void write(Dataset<Row> stamped, long batchId) {
        if (batchId <= archivedThrough) {
            return;
        }
        if (sink == null) {
            beginLogAt(stamped.sparkSession(), batchId);
            Seq<String> byDay = CollectionConverters.asScala(List.of(Columns.DATE)).toSeq();
            sink = new FileStreamSink(stamped.sparkSession(), path.toString(), fileFormat(), byDay, KEEP_NULLS);
        }
        sink.addBatch(batchId, archived(stamped));
    }

    /** The batch's archived columns, and the day of each row's folder. */
    private static Dataset<Row> archived(Dataset<Row> stamped) {
        Column[] columns = ArchiveLayout.COLUMNS.stream().map(functions::col).toArray(Column[]::new);
        return stamped.select(columns).withColumn(Columns.DATE, ArchiveLayout.day(functions.col(Columns.TIMESTAMP)));
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
