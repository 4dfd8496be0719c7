package io.streamgate.pipeline;

import org.apache.spark.sql.streaming.StreamingQuery;

import java.net.URI;
import java.util.stream.Stream;

/**
 * One run of the pipeline: the main query (console, results, dead letters) and, when enabled, the
 * archive query writing the same rows with Spark's file sink (unless the main query writes them).
 *
 * @param archive      null when the archive is disabled or the main query writes it
 * @param archivePath  where the archive is written; null when disabled
 * @param mainRealTime whether the main query runs in real-time mode (its one batch never goes idle)
 */
public record RunningQueries(StreamingQuery main, StreamingQuery archive, URI archivePath, boolean mainRealTime) {

    public Stream<StreamingQuery> all() {
        return archive == null ? Stream.of(main) : Stream.of(main, archive);
    }

    /** The queries that run micro-batches, and so have moments between batches to be stopped in. */
    public Stream<StreamingQuery> microBatchQueries() {
        return all().filter(query -> query != main || !mainRealTime);
    }
}
