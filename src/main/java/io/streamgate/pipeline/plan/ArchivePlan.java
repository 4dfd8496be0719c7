package io.streamgate.pipeline.plan;

import java.net.URI;

/** Whether and how a query's rows are archived with Spark's file sink, exactly once. */
public sealed interface ArchivePlan {

    /** The archive is switched off ({@code streamgate.pipeline.archive.enabled=false}). */
    record None() implements ArchivePlan {
    }

    /**
     * Where and by whom: the generation folder, its log's writer, and why a new generation began (null
     * when the checkpoint goes on with its own).
     */
    sealed interface Written extends ArchivePlan permits ByMainQuery, OwnQuery {

        URI path();

        String format();

        ArchiveLog log();

        String note();

        /**
         * The last batch id the generation before this one holds, which this one skips; -1 when none. A
         * new generation begun where the old one's log was ahead of the checkpoint would otherwise archive
         * the replayed batch twice.
         */
        long archivedThrough();
    }

    /** Written by the main query in each micro-batch: each record is read and parsed once. */
    record ByMainQuery(URI path, String format, ArchiveLog log, String note, long archivedThrough) implements Written {
    }

    /**
     * Written by a micro-batch query of its own over the topic, with its own checkpoint, trigger and cap.
     *
     * @param startingOffsets where it begins when its checkpoint is new: where the main query's checkpoint
     *                        is (Spark's JSON form), or, with none, where the main query begins; so that
     *                        nothing the main query processed is archived twice or never
     * @param checkpoint      its own checkpoint
     */
    record OwnQuery(URI path, String format, ArchiveLog log, String note, long archivedThrough, long intervalMillis,
                    long maxOffsetsPerTrigger, String startingOffsets, URI checkpoint) implements Written {
    }
}
