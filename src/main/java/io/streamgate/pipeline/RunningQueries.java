package io.streamgate.pipeline;

import org.apache.spark.sql.streaming.StreamingQuery;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One run of the pipeline: the main query (console, results, dead letters) and, when enabled, the
 * archive query writing the same rows with Spark's file sink.
 *
 * @param archive     null when the archive is disabled
 * @param archivePath where the archive query writes; null when disabled
 */
public record RunningQueries(StreamingQuery main, StreamingQuery archive, Path archivePath) {

    public Stream<StreamingQuery> all() {
        return archive == null ? Stream.of(main) : Stream.of(main, archive);
    }
}
