package io.streamgate.pipeline.archive;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.CompactibleFileStreamLog;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog$;
import org.apache.spark.sql.execution.streaming.sinks.SinkFileStatus;
import scala.Option;

/**
 * The archive's {@code _spark_metadata} log: Spark's file sink log, which deletes its expired entries at
 * compaction batches only. Spark's own lists the log's whole folder after every batch to find them (entries
 * before the compaction that {@code spark.sql.streaming.minBatchesToRetain} keeps, and older than
 * {@code spark.sql.streaming.fileSink.log.cleanupDelay}, 10 minutes): some 3,000 files at five batches a
 * second, half of what committing a small batch cost. Here an entry goes at the next compaction after
 * Spark would have deleted it, at most {@code compactInterval - 1} batches later; what a reader sees is
 * the same.
 */
final class ArchiveSinkLog extends FileStreamSinkLog {

    private long adding = -1; // the batch being added, while it is

    ArchiveSinkLog(SparkSession session, String path) {
        super(FileStreamSinkLog$.MODULE$.VERSION(), session, path, Option.empty());
    }

    @Override
    public boolean add(long batchId, SinkFileStatus[] files) {
        adding = batchId;
        try {
            return super.add(batchId, files);
        } finally {
            adding = -1;
        }
    }

    /** Asked by {@link #add} once the batch is written. */
    @Override
    public boolean isDeletingExpiredLog() {
        return super.isDeletingExpiredLog() && adding >= 0
                && CompactibleFileStreamLog.isCompactionBatch(adding, compactInterval());
    }
}
