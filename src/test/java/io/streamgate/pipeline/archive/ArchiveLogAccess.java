package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.LocalSpark;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog$;
import scala.Option;

/** The archive's log and Spark's own at a folder, for the tests and the benchmark that set them side by side. */
public final class ArchiveLogAccess {

    private ArchiveLogAccess() {
    }

    public static FileStreamSinkLog archiveLog(SparkSession session, String path) {
        return new ArchiveSinkLog(session, LocalSpark.storage(), path);
    }

    public static FileStreamSinkLog sparksOwnLog(SparkSession session, String path) {
        return new FileStreamSinkLog(FileStreamSinkLog$.MODULE$.VERSION(), session, path, Option.empty());
    }
}
