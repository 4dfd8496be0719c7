package io.streamgate.pipeline.plan;

import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.plan.ArchiveLog.Writer;
import io.streamgate.pipeline.storage.CheckpointLog;
import io.streamgate.pipeline.storage.Storage;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who writes a query's archive, and into which generation folder. The writer follows from the engine:
 * the main query in micro-batch mode, so that each record is read and parsed once; a query of its own
 * in real-time mode, which allows no {@code foreachBatch}. A checkpoint goes on with its archive's log
 * where that log can say what is in it, and begins a new generation, saying why, where it cannot.
 */
final class ArchivePlanner {

    private final PipelineProperties.Archive config;
    private final Storage storage;
    private final Clock clock;

    ArchivePlanner(PipelineProperties.Archive config, Storage storage, Clock clock) {
        this.config = config;
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * Continues the checkpoint's archive where it can, and starts a new generation where the log cannot
     * say what is in it, saying why in the note.
     *
     * @param startingOffsets where the main query begins when its checkpoint is new
     * @param saved           the log the checkpoint's archive has been writing; empty for a fresh start
     * @param main            the main query's checkpoint; empty for a fresh start (nothing to go on from)
     */
    ArchivePlan plan(Engine engine, String startingOffsets, Optional<ArchiveLog> saved, Optional<CheckpointLog> main,
                     URI archiveCheckpoint) {
        OptionalLong committed = main.map(CheckpointLog::lastCommitted).orElse(OptionalLong.empty());
        OptionalLong archived = saved.map(log -> CheckpointLog.lastArchived(storage, path(log))).orElse(OptionalLong.empty());
        if (saved.isPresent() && !saved.get().current() && !(saved.get().writer() == Writer.MAIN_QUERY
                && engine instanceof Engine.RealTime)) {
            // A file sink's log takes one partitioning: the older generation is closed as it is, still read.
            String note = "a new generation in layout " + ArchiveLog.LAYOUT + " (fields as a struct, headers, batch "
                    + "ids, folders by date); " + saved.get().generation() + " stays as it was written";
            long through = archived.orElse(-1);
            return saved.get().writer() == Writer.OWN_QUERY
                    ? ownQuery(ArchiveLog.next(Writer.OWN_QUERY, clock), note, through,
                            beginning(main, committed, startingOffsets), archiveCheckpoint)
                    : byMainQuery(ArchiveLog.next(Writer.MAIN_QUERY, clock), note, through);
        }
        if (saved.isPresent() && saved.get().writer() == Writer.OWN_QUERY) {
            // Its own query keeps a checkpoint of its own and archives what it has not yet, in either mode.
            // Handing its log to the main query would lose, or repeat, what the two had not agreed on.
            String note = engine instanceof Engine.MicroBatch ? "written by its own query, as this checkpoint's "
                    + "archive began so; a fresh start (startingOffsets) has the main query write it" : null;
            return ownQuery(saved.get(), note, -1, beginning(main, committed, startingOffsets), archiveCheckpoint);
        }
        if (engine instanceof Engine.RealTime) {
            if (saved.isPresent()) {
                return ownQuery(ArchiveLog.next(Writer.OWN_QUERY, clock), "a new generation, written by its own query "
                        + "(real-time mode allows no foreachBatch), beginning where the main query's archive ended", -1,
                        beginning(main, latest(committed, archived), startingOffsets), archiveCheckpoint);
            }
            return ownQuery(ArchiveLog.next(Writer.OWN_QUERY, clock), null, -1, beginning(main, committed, startingOffsets),
                    archiveCheckpoint);
        }
        if (saved.isPresent() && !behind(archived, committed)) {
            return byMainQuery(saved.get(), null, -1);
        }
        return byMainQuery(ArchiveLog.next(Writer.MAIN_QUERY, clock), committed.isEmpty() ? null
                : "a new generation: the main query committed batches up to " + committed.getAsLong() + " with the archive off",
                -1);
    }

    /**
     * Where a new archive query begins: after the given batch of the main query, so that nothing it
     * processed is archived twice or never; with none, where the main query begins.
     */
    private static String beginning(Optional<CheckpointLog> main, OptionalLong afterBatch, String startingOffsets) {
        return afterBatch.isPresent()
                ? main.flatMap(checkpoint -> checkpoint.endOffsets(afterBatch.getAsLong())).orElse(startingOffsets)
                : startingOffsets;
    }

    private ArchivePlan ownQuery(ArchiveLog log, String note, long archivedThrough, String startingOffsets, URI checkpoint) {
        return new ArchivePlan.OwnQuery(path(log), config.format(), log, note, archivedThrough, config.trigger().toMillis(),
                config.maxOffsetsPerTrigger(), startingOffsets, checkpoint);
    }

    private ArchivePlan byMainQuery(ArchiveLog log, String note, long archivedThrough) {
        return new ArchivePlan.ByMainQuery(path(log), config.format(), log, note, archivedThrough);
    }

    private URI path(ArchiveLog log) {
        return Storage.child(Storage.location(config.path()), log.generation());
    }

    /** Whether the main query committed a batch the archive's log does not have. */
    private static boolean behind(OptionalLong archived, OptionalLong committed) {
        return committed.isPresent() && (archived.isEmpty() || archived.getAsLong() < committed.getAsLong());
    }

    private static OptionalLong latest(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(Math.max(a.getAsLong(), b.getAsLong()));
    }
}
