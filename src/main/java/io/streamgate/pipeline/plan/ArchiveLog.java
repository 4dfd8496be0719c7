package io.streamgate.pipeline.plan;

import java.time.Clock;

/**
 * Which archive folder a checkpoint writes, and which query's batch ids key its {@code _spark_metadata}
 * log. The file sink's log belongs to one checkpoint and one writer: a new checkpoint, or another
 * writer, writing into it would have batches skipped as "already committed". So each gets a
 * generation folder of its own.
 *
 * @param generation the folder's name below {@code archive.path}, e.g. {@code generation-1796163965466}
 * @param layout     how its rows are written ({@link #LAYOUT}); 0 or 1 for a generation begun before layouts had a number
 */
public record ArchiveLog(String generation, Writer writer, int layout) {

    /**
     * The layout new generations are written in: the schema's fields as a struct, the record's headers and
     * its batch id, in folders by the record's date (UTC). Layout 1 kept the fields as JSON text, no
     * headers or batch id, in one folder.
     */
    public static final int LAYOUT = 2;

    public enum Writer {
        /** The main query, in each micro-batch, from the rows it already read and parsed. */
        MAIN_QUERY,
        /** A query of its own over the topic: the only way in real-time mode, which allows no foreachBatch. */
        OWN_QUERY
    }

    /** Whether it is written in today's layout: a file sink's log takes one partitioning only. */
    public boolean current() {
        return layout == LAYOUT;
    }

    static ArchiveLog next(Writer writer, Clock clock) {
        return new ArchiveLog("generation-" + clock.millis(), writer, LAYOUT);
    }
}
