package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.storage.Storage;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.internal.io.FileCommitProtocol.TaskCommitMessage;
import org.apache.spark.internal.io.SparkHadoopWriterUtils$;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.TimestampFormatter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.streaming.ManifestFileCommitProtocol;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * The archive, written as Spark's file sink ({@code writeStream.format("json")}) writes it, without its
 * write plan: each batch's rows go to files in the tasks that read them ({@link ArchiveTask}: the format's
 * own writer, a folder per record day as {@link ArchiveLayout} says), and the files are committed to the
 * sink's {@code _spark_metadata} log ({@link ArchiveSinkLog}) under the batch id of the query that writes
 * it, by Spark's own {@link ManifestFileCommitProtocol}. A batch processed again after a failure finds its
 * id committed and writes nothing; files of a batch that failed are never in the log, so never read.
 * Called from a {@code foreachBatch}, the main query's or the archive query's own, so that each row is
 * stamped with the time its batch was delivered. The log and the protocol are internal to Spark (no
 * public API commits a batch to that log); {@code BatchSinkTest} and {@code ArchiveSinkLogTest} check the
 * files, the log and the replay on each Spark upgrade.
 */
public final class ArchiveWriter {

    private static final String LOG = "_spark_metadata";
    private static final String LOG_VERSION = "v1";
    private static final String COMPACT_INTERVAL = "spark.sql.streaming.fileSink.log.compactInterval";

    private final Storage storage;
    private final URI path;
    private final ArchiveFileFormat format;
    private final long archivedThrough;
    private SharedWrite files; // the foreachBatch thread only; made at the first batch

    /** @param archivedThrough the last batch id the generation before holds, skipped here; -1 for none */
    public ArchiveWriter(Storage storage, URI path, String format, long archivedThrough) {
        this.storage = storage;
        this.path = path;
        this.format = ArchiveFileFormat.named(format);
        this.archivedThrough = archivedThrough;
    }

    /**
     * Writes the batch's rows and commits them, reading them in one Spark job; nothing for a batch the
     * archive holds already.
     *
     * @param stamped the batch's rows with their {@link Columns#PROCESSED_AT} and {@link Columns#BATCH_ID}
     *                after their own columns, as {@code schema} says
     */
    public void write(SparkSession session, JavaRDD<InternalRow> stamped, StructType schema, long batchId) {
        if (batchId <= archivedThrough) {
            return;
        }
        if (files == null) {
            beginLogAt(session, batchId);
            files = new SharedWrite(session, schema);
        }
        if (batchId <= files.committed) {
            return;
        }
        ManifestFileCommitProtocol committer = new ManifestFileCommitProtocol(Long.toString(batchId), Storage.sparkPath(path));
        committer.setupManifestOptions(files.log, batchId);
        committer.setupJob(files.job);
        RDD<InternalRow> rows = stamped.rdd();
        TaskCommitMessage[] tasks = new TaskCommitMessage[rows.getNumPartitions()];
        try {
            // As Spark's file writer: each task's files are known as it ends, so that a failed job deletes them.
            session.sparkContext().runJob(rows, files.task(committer), new AbstractFunction2<Object, TaskCommitMessage, BoxedUnit>() {
                        @Override
                        public BoxedUnit apply(Object partition, TaskCommitMessage task) {
                            committer.onTaskCommit(task);
                            tasks[(Integer) partition] = task;
                            return BoxedUnit.UNIT;
                        }
                    }, ClassTag$.MODULE$.<TaskCommitMessage>apply(TaskCommitMessage.class));
            committer.commitJob(files.job, CollectionConverters.asScala(Arrays.asList(tasks)).toSeq());
            files.committed = batchId;
        } catch (Throwable failure) { // Spark's job failure is a checked SparkException, thrown unchecked from Scala
            committer.abortJob(files.job);
            throw failure;
        }
    }

    /**
     * What every batch's write shares, made once: the format's writer factory and the Hadoop configuration
     * it was prepared with (sent to the executors once, not with every batch's tasks), the file's columns.
     */
    private final class SharedWrite {
        final Job job;
        final FileStreamSinkLog log;
        final OutputWriterFactory writers;
        final Broadcast<SerializableConfiguration> hadoop;
        final String jobTrackerId = SparkHadoopWriterUtils$.MODULE$.createJobTrackerID(new Date());
        final StructType fileSchema;
        final StructType written;
        final TimestampFormatter timestampsAsText;
        final List<Integer> fileColumns = new ArrayList<>();
        final int timestampColumn;
        /** The log's last batch: read once, then kept, the writer being the log's only writer while its query runs. */
        long committed;

        SharedWrite(SparkSession session, StructType stamped) {
            org.apache.spark.sql.classic.SparkSession classic = (org.apache.spark.sql.classic.SparkSession) session;
            StructType columns = new StructType();
            for (String column : ArchiveLayout.COLUMNS) {
                fileColumns.add(stamped.fieldIndex(column));
                columns = columns.add(stamped.apply(column));
            }
            fileSchema = columns;
            timestampColumn = stamped.fieldIndex(Columns.TIMESTAMP);
            try {
                job = Job.getInstance(classic.sessionState().newHadoopConf());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            job.setOutputKeyClass(Void.class);
            job.setOutputValueClass(InternalRow.class);
            FileOutputFormat.setOutputPath(job, new Path(path));
            written = format.written(fileSchema);
            timestampsAsText = format.timestampsAsText(classic.sessionState().conf());
            writers = format.writers(session, job, written);
            hadoop = SerializableConfiguration.broadcast(session.sparkContext(), job.getConfiguration());
            log = new ArchiveSinkLog(session, storage, Storage.sparkPath(Storage.child(path, LOG)));
            committed = (long) log.getLatestBatchId().getOrElse(() -> -1L);
        }

        ArchiveTask task(ManifestFileCommitProtocol committer) {
            return new ArchiveTask(committer, writers, hadoop, jobTrackerId, fileSchema, written, timestampsAsText,
                    fileColumns, timestampColumn);
        }
    }

    /**
     * Spark reads a file sink's log, and compacts it, from its last compaction on, and fails on a batch
     * missing in between. A generation begun on a checkpoint past batch 0 (a layout change, the archive
     * switched on later) would fail its first compaction, and could not be read: so its log begins with
     * an empty compaction before its first batch and empty entries up to it, as a log that held nothing.
     */
    private void beginLogAt(SparkSession session, long firstBatch) {
        URI log = Storage.child(path, LOG);
        if (firstBatch == 0 || storage.lastBatchId(log).isPresent()) {
            return;
        }
        long interval = Long.parseLong(session.conf().get(COMPACT_INTERVAL, "10"));
        long compaction = firstBatch / interval * interval - 1;
        if (compaction >= 0) {
            storage.write(Storage.child(log, compaction + ".compact"), LOG_VERSION);
        }
        for (long id = compaction + 1; id < firstBatch; id++) {
            storage.write(Storage.child(log, Long.toString(id)), LOG_VERSION); // the version line alone: no files
        }
    }
}
