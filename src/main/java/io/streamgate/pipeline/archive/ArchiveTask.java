package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.definition.Columns;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.JobID;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.internal.io.FileCommitProtocol.TaskCommitMessage;
import org.apache.spark.internal.io.FileNameSpec;
import org.apache.spark.internal.io.SparkHadoopWriterUtils$;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.catalyst.util.DateFormatter;
import org.apache.spark.sql.catalyst.util.DateFormatter$;
import org.apache.spark.sql.catalyst.util.TimestampFormatter;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.streaming.ManifestFileCommitProtocol;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.Option;
import scala.runtime.AbstractFunction2;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task's share of an archive batch, in Spark's task: its rows written to a file per record day, as
 * Spark's file sink writes them (the writer {@link ArchiveFileFormat} gives, Spark's file names and day folders), under the batch's
 * {@link ManifestFileCommitProtocol}, whose task commit hands the driver the files written. A task that
 * fails deletes its files; files of a batch whose log entry is never written are never read.
 */
final class ArchiveTask extends AbstractFunction2<TaskContext, scala.collection.Iterator<InternalRow>, TaskCommitMessage>
        implements Serializable {

    /** Days with a file open at once in a task; a backlog over more days closes the oldest, as a day may have several files. */
    private static final int OPEN_DAYS = 16;

    private final ManifestFileCommitProtocol committer;
    private final OutputWriterFactory files;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final String jobTrackerId;
    private final StructType fileSchema;
    private final StructType written;
    private final TimestampFormatter timestampsAsText;
    private final List<Integer> fileColumns;
    private final int timestampColumn;

    /**
     * @param written          the file's columns as the format's writer is given them ({@link ArchiveFileRow})
     * @param timestampsAsText the writer's formatter of the timestamps {@code written} has as text; null for none
     * @param fileColumns      the ordinals, in the batch's stamped rows, of the file's columns in order
     * @param timestampColumn  the ordinal of the record's timestamp, whose UTC day names its folder
     */
    ArchiveTask(ManifestFileCommitProtocol committer, OutputWriterFactory files, Broadcast<SerializableConfiguration> hadoop,
                String jobTrackerId, StructType fileSchema, StructType written, TimestampFormatter timestampsAsText,
                List<Integer> fileColumns, int timestampColumn) {
        this.committer = committer;
        this.files = files;
        this.hadoop = hadoop;
        this.jobTrackerId = jobTrackerId;
        this.fileSchema = fileSchema;
        this.written = written;
        this.timestampsAsText = timestampsAsText;
        this.fileColumns = List.copyOf(fileColumns);
        this.timestampColumn = timestampColumn;
    }

    @Override
    public TaskCommitMessage apply(TaskContext task, scala.collection.Iterator<InternalRow> rows) {
        TaskAttemptContext attempt = attempt(task);
        committer.setupTask(attempt);
        Map<Integer, OutputWriter> open = new LinkedHashMap<>(OPEN_DAYS, 0.75f, true);
        Map<Integer, String> folders = new HashMap<>();
        DateFormatter dates = DateFormatter$.MODULE$.apply();
        String extension = "-c000" + files.getFileExtension(attempt);
        ArchiveFileRow file = new ArchiveFileRow(fileSchema, written, fileColumns, timestampsAsText);
        try {
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                int day = ArchiveLayout.day(row.getLong(timestampColumn));
                OutputWriter writer = open.get(day);
                if (writer == null) {
                    if (open.size() == OPEN_DAYS) {
                        Iterator<OutputWriter> oldest = open.values().iterator();
                        oldest.next().close();
                        oldest.remove();
                    }
                    String folder = folders.computeIfAbsent(day,
                            d -> ExternalCatalogUtils.getPartitionPathString(Columns.DATE, dates.format(d)));
                    String path = committer.newTaskTempFile(attempt, Option.apply(folder), FileNameSpec.apply("", extension));
                    writer = files.newInstance(path, written, attempt);
                    open.put(day, writer);
                }
                file.project(row);
                writer.write(file);
            }
            for (OutputWriter writer : open.values()) {
                writer.close();
            }
            open.clear();
            return committer.commitTask(attempt);
        } catch (Throwable failure) {
            for (OutputWriter writer : open.values()) {
                try {
                    writer.close();
                } catch (Exception suppressed) {
                    failure.addSuppressed(suppressed);
                }
            }
            committer.abortTask(attempt);
            throw failure;
        }
    }

    /** The task's attempt as Hadoop's output formats know it, with what Spark's own file writer sets in its configuration. */
    private TaskAttemptContext attempt(TaskContext task) {
        JobID job = SparkHadoopWriterUtils$.MODULE$.createJobID(jobTrackerId, task.stageId());
        TaskAttemptID attempt = new TaskAttemptID(new TaskID(job, TaskType.MAP, task.partitionId()), task.attemptNumber());
        Configuration conf = new Configuration(hadoop.value().value());
        conf.set("mapreduce.job.id", job.toString());
        conf.set("mapreduce.task.id", attempt.getTaskID().toString());
        conf.set("mapreduce.task.attempt.id", attempt.toString());
        conf.setBoolean("mapreduce.task.ismap", true);
        conf.setInt("mapreduce.task.partition", 0);
        return new TaskAttemptContextImpl(conf, attempt);
    }
}
