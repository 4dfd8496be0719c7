package io.streamgate.pipeline;

import io.streamgate.pipeline.PipelineProperties.Archive.Writer;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The archive folder of one checkpoint. The file sink's {@code _spark_metadata} log belongs to one
 * checkpoint: a new checkpoint writing into an old archive would have its first batches skipped as
 * "already committed". So each checkpoint gets its own generation folder, remembered next to it
 * with the writer whose batch ids key its log: the archive query's own, or the main query's.
 */
final class ArchiveGeneration {

    private static final String GENERATION_FILE = "archive-generation";
    /** Absent in checkpoints made before the main query could write the archive: those are the archive query's. */
    private static final String WRITER_FILE = "archive-writer";

    private ArchiveGeneration() {
    }

    /**
     * The generation folder for the checkpoint in {@code queryDir}, made at its first start.
     *
     * @throws CheckpointConflictException when the archive cannot go on where this checkpoint left it:
     *         written by the other writer, or missing batches the main query committed
     */
    static URI resolve(Storage storage, URI queryDir, URI mainCheckpoint, PipelineProperties.Archive archive) {
        URI generationFile = Storage.child(queryDir, GENERATION_FILE);
        URI writerFile = Storage.child(queryDir, WRITER_FILE);
        // Every check before anything is written: a refused start leaves no generation behind.
        Optional<String> recordedGeneration = storage.read(generationFile).map(String::strip);
        boolean firstStart = recordedGeneration.isEmpty();
        String generationName = recordedGeneration.orElseGet(() -> "generation-" + System.currentTimeMillis());
        URI generation = Storage.child(Storage.location(archive.path()), generationName);
        Writer recorded = firstStart ? archive.writer()
                : storage.read(writerFile).map(ArchiveGeneration::parse).orElse(Writer.OWN_QUERY);
        if (recorded != archive.writer()) {
            throw new CheckpointConflictException("The archive of this checkpoint (" + generation + ") is written by "
                    + describe(recorded) + "; archive.writer=" + value(archive.writer())
                    + " needs a new checkpoint (start with startingOffsets)");
        }
        if (archive.writer() == Writer.MAIN_QUERY) {
            // It writes into the log only what it processes from here on; the archive query reads the
            // topic from a checkpoint of its own.
            requireNoBatchCommitted(storage, mainCheckpoint,
                    firstStart ? OptionalLong.empty() : storage.lastBatchId(Storage.child(generation, "_spark_metadata")));
        }
        if (firstStart) {
            storage.write(writerFile, value(archive.writer()));
            storage.write(generationFile, generationName);
        }
        return generation;
    }

    /** A batch the main query committed after the archive's last one was never archived: the archive was off. */
    private static void requireNoBatchCommitted(Storage storage, URI mainCheckpoint, OptionalLong archivedUpTo) {
        OptionalLong committed = storage.lastBatchId(Storage.child(mainCheckpoint, "commits"));
        if (committed.isPresent() && (archivedUpTo.isEmpty() || archivedUpTo.getAsLong() < committed.getAsLong())) {
            throw new CheckpointConflictException("The main query committed batches up to " + committed.getAsLong()
                    + " without the archive (archived: " + (archivedUpTo.isEmpty() ? "none" : "up to " + archivedUpTo.getAsLong())
                    + "), so archive.writer=main-query cannot archive them; start with startingOffsets for a new checkpoint");
        }
    }

    private static String describe(Writer writer) {
        return writer == Writer.MAIN_QUERY ? "the main query" : "its own query";
    }

    private static String value(Writer writer) {
        return writer.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Writer parse(String value) {
        return Writer.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
