package io.streamgate.pipeline.plan;

import java.time.Clock;

/**
 * Which archive folder a checkpoint writes, and which query's batch ids key its {@code _spark_metadata}
 * log. The file sink's log belongs to one checkpoint and one writer: a new checkpoint, or another
 * writer, writing into it would have batches skipped as "already committed". So each gets a
 * generation folder of its own.
 *
 * @param generation the folder's name below {@code archive.path}, e.g. {@code generation-1796163965466}
 */
public record ArchiveLog(String generation, Writer writer) {

    public enum Writer {
        /** The main query, in each micro-batch, from the rows it already read and parsed. */
        MAIN_QUERY,
        /** A query of its own over the topic: the only way in real-time mode, which allows no foreachBatch. */
        OWN_QUERY
    }

    static ArchiveLog next(Writer writer, Clock clock) {
        return new ArchiveLog("generation-" + clock.millis(), writer);
    }
}
