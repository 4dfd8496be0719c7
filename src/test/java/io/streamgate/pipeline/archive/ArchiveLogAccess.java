package io.streamgate.pipeline.archive;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog;

/** Lets the benchmark time the archive's log beside Spark's own. */
public final class ArchiveLogAccess {

    private ArchiveLogAccess() {
    }

    public static FileStreamSinkLog archiveLog(SparkSession session, String path) {
        return new ArchiveSinkLog(session, path);
    }
}
