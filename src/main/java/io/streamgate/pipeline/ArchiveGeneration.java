package io.streamgate.pipeline;

import io.streamgate.pipeline.PipelineProperties.Archive.Writer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    /** Spark's checkpoint and sink logs name each batch's file by its id; a compacted one ends in ".compact". */
    private static final Pattern BATCH_FILE = Pattern.compile("(\\d+)(\\.compact)?");

    private ArchiveGeneration() {
    }

    /**
     * The generation folder for the checkpoint in {@code queryDir}, made at its first start.
     *
     * @throws CheckpointConflictException when the archive cannot go on where this checkpoint left it:
     *         written by the other writer, or missing batches the main query committed
     */
    static Path resolve(Path queryDir, Path mainCheckpoint, PipelineProperties.Archive archive) {
        Path generationFile = queryDir.resolve(GENERATION_FILE);
        Path writerFile = queryDir.resolve(WRITER_FILE);
        try {
            // Every check before anything is written: a refused start leaves no generation behind.
            boolean firstStart = !Files.exists(generationFile);
            String generationName = firstStart ? "generation-" + System.currentTimeMillis()
                    : Files.readString(generationFile).strip();
            Path generation = archive.path().toAbsolutePath().normalize().resolve(generationName);
            Writer recorded = firstStart ? archive.writer()
                    : Files.exists(writerFile) ? parse(Files.readString(writerFile)) : Writer.OWN_QUERY;
            if (recorded != archive.writer()) {
                throw new CheckpointConflictException("The archive of this checkpoint (" + generation + ") is written by "
                        + describe(recorded) + "; archive.writer=" + value(archive.writer())
                        + " needs a new checkpoint (start with startingOffsets)");
            }
            if (archive.writer() == Writer.MAIN_QUERY) {
                // It writes into the log only what it processes from here on; the archive query reads the
                // topic from a checkpoint of its own.
                requireNoBatchCommitted(mainCheckpoint,
                        firstStart ? OptionalLong.empty() : lastBatchId(generation.resolve("_spark_metadata")));
            }
            if (firstStart) {
                Files.createDirectories(queryDir);
                Files.writeString(writerFile, value(archive.writer()));
                Files.writeString(generationFile, generationName);
            }
            return generation;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the archive generation in " + queryDir, e);
        }
    }

    /** A batch the main query committed after the archive's last one was never archived: the archive was off. */
    private static void requireNoBatchCommitted(Path mainCheckpoint, OptionalLong archivedUpTo) throws IOException {
        OptionalLong committed = lastBatchId(mainCheckpoint.resolve("commits"));
        if (committed.isPresent() && (archivedUpTo.isEmpty() || archivedUpTo.getAsLong() < committed.getAsLong())) {
            throw new CheckpointConflictException("The main query committed batches up to " + committed.getAsLong()
                    + " without the archive (archived: " + (archivedUpTo.isEmpty() ? "none" : "up to " + archivedUpTo.getAsLong())
                    + "), so archive.writer=main-query cannot archive them; start with startingOffsets for a new checkpoint");
        }
    }

    static OptionalLong lastBatchId(Path log) throws IOException {
        if (!Files.isDirectory(log)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.list(log)) {
            return files.map(file -> BATCH_FILE.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToLong(match -> Long.parseLong(match.group(1)))
                    .max();
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
