package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.storage.Storage;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.CompactibleFileStreamLog;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog$;
import org.apache.spark.sql.execution.streaming.sinks.SinkFileStatus;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The archive's {@code _spark_metadata} log: Spark's file sink log, in Spark's format, read by Spark's
 * readers, with two of its costs cut; both grow with every file the archive ever wrote.
 * <ul>
 * <li>A compaction (every {@code spark.sql.streaming.fileSink.log.compactInterval} batches) copies the
 * entries of the compaction before it and of the batches since as they are, where Spark's parses each
 * into an object and writes it back as JSON: the same file, at a tenth of the cost or less. The log keeps every
 * entry, as Spark's does without a {@code retention}, which the archive never has (it would hide older
 * files from its readers).</li>
 * <li>Expired entries (before the compaction that {@code spark.sql.streaming.minBatchesToRetain} keeps,
 * and older than {@code spark.sql.streaming.fileSink.log.cleanupDelay}) are deleted at compactions only,
 * oldest first, where Spark's lists the log's whole folder after every batch to find them: an entry goes
 * at most {@code compactInterval - 1} batches later.</li>
 * </ul>
 */
final class ArchiveSinkLog extends FileStreamSinkLog {

    private static final int VERSION = FileStreamSinkLog$.MODULE$.VERSION();
    private static final byte[] VERSION_LINE = ("v" + VERSION).getBytes(StandardCharsets.UTF_8);

    private final Storage storage;
    /** The oldest batch whose entry may still be in the folder; unknown (-1) until the first compaction. */
    private long oldestLeft = -1;

    ArchiveSinkLog(SparkSession session, Storage storage, String path) {
        super(VERSION, session, path, Option.empty());
        this.storage = storage;
    }

    @Override
    public boolean add(long batchId, SinkFileStatus[] files) {
        if (!CompactibleFileStreamLog.isCompactionBatch(batchId, compactInterval())) {
            return super.add(batchId, files);
        }
        boolean added = addNewBatchByStream(batchId, out -> {
            compact(batchId, files, out);
            return BoxedUnit.UNIT;
        });
        if (added && super.isDeletingExpiredLog()) {
            deleteExpired(batchId);
        }
        return added;
    }

    /** Asked by Spark's {@code add} after every batch: this log deletes in its own {@link #add}, at compactions. */
    @Override
    public boolean isDeletingExpiredLog() {
        return false;
    }

    private void compact(long batchId, SinkFileStatus[] files, OutputStream file) {
        try {
            OutputStream out = new BufferedOutputStream(file, 1 << 16); // not closed: Spark closes the file
            out.write(VERSION_LINE);
            for (Object before : CollectionConverters.asJava(
                    CompactibleFileStreamLog.getValidBatchesBeforeCompactionBatch(batchId, compactInterval()))) {
                applyFnToBatchByStream((Long) before, false, in -> copyEntries(in, out));
            }
            ByteArrayOutputStream own = new ByteArrayOutputStream(); // Spark's own entries, after its version line
            serialize(files, own);
            out.write(own.toByteArray(), VERSION_LINE.length, own.size() - VERSION_LINE.length);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The entries of one file of the log, each on a line of its own after the file's version line, copied
     * as they are: each line is an entry Spark wrote, which a reader parses as it would Spark's compaction.
     */
    private BoxedUnit copyEntries(InputStream file, OutputStream out) {
        try {
            InputStream in = new BufferedInputStream(file, 1 << 16);
            ByteArrayOutputStream version = new ByteArrayOutputStream();
            int next = in.read();
            for (; next != '\n' && next != -1; next = in.read()) {
                version.write(next);
            }
            if (version.size() == 0 && next == -1) {
                throw new IllegalStateException("Incomplete log file");
            }
            validateVersion(version.toString(StandardCharsets.UTF_8), VERSION);
            // Each entry after a newline; one at the very end of the file ends its last entry, as Spark reads it.
            int held = next;
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                out.write(held);
                out.write(buffer, 0, read - 1);
                held = buffer[read - 1] & 0xff;
            }
            if (held != '\n' && held != -1) {
                out.write(held);
            }
            return BoxedUnit.UNIT;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What Spark's log deletes after every batch, deleted after a compaction: entries are written in batch
     * order, so it walks them from the oldest left, and stops at the first not yet expired. The folder is
     * listed once, at the first compaction, to find the oldest an earlier run left: listed at every
     * compaction, it costs a tenth batch 150 ms and more, holding every entry of the cleanup delay's 10 minutes.
     */
    private void deleteExpired(long compaction) {
        long firstKept = compaction + 1 - minBatchesToRetain();
        if (firstKept < compactInterval()) {
            return;
        }
        long keptCompaction = firstKept - firstKept % compactInterval() - 1;
        Instant expired = Instant.now().minusMillis(fileCleanupDelayMs());
        if (oldestLeft < 0) {
            oldestLeft = oldestEntry(keptCompaction);
        }
        for (; oldestLeft < keptCompaction; oldestLeft++) {
            if (!deleteIfExpired(oldestLeft, expired)) {
                return; // the entries after it were written later still
            }
        }
    }

    /**
     * Deletes the batch's entry, if there is one, when it was written before {@code expired}; false when it
     * was not. The entry is looked for under the name this log gives the batch, then under the other: whether
     * a batch was a compaction depends on the interval it was written under.
     */
    private boolean deleteIfExpired(long batchId, Instant expired) {
        Path plain = new Path(metadataPath(), Long.toString(batchId));
        Path compaction = new Path(metadataPath(), batchId + CompactibleFileStreamLog.COMPACT_FILE_SUFFIX());
        for (Path entry : batchIdToPath(batchId).equals(plain) ? List.of(plain, compaction) : List.of(compaction, plain)) {
            Optional<Instant> written = storage.modified(entry.toUri());
            if (written.isPresent()) {
                if (written.get().isAfter(expired)) {
                    return false;
                }
                fileManager().delete(entry);
                return true;
            }
        }
        return true;
    }

    /** The oldest batch with an entry in the folder, or {@code bound} if none is older. */
    private long oldestEntry(long bound) {
        long oldest = bound;
        for (FileStatus entry : fileManager().list(metadataPath(), this::isBatchFile)) {
            oldest = Math.min(oldest, pathToBatchId(entry.getPath()));
        }
        return oldest;
    }
}
