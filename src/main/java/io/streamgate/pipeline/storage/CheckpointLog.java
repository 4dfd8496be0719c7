package io.streamgate.pipeline.storage;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a query's checkpoint as Spark writes it: {@code commits/<batchId>} for every batch the sink
 * finished, {@code offsets/<batchId>} with the batch's end offsets ("v1", the batch's metadata, then
 * one line of JSON per source, e.g. {@code {"testTopic":{"0":1234}}}).
 */
public final class CheckpointLog {

    private final Storage storage;
    private final URI checkpoint;

    public CheckpointLog(Storage storage, URI checkpoint) {
        this.storage = storage;
        this.checkpoint = checkpoint;
    }

    /** The last batch the sink committed. */
    public OptionalLong lastCommitted() {
        return storage.lastBatchId(Storage.child(checkpoint, "commits"));
    }

    /**
     * When the batch that Spark planned and did not commit began (its offsets were written): the batch a
     * query was in when its process ended; empty when every planned batch was committed.
     */
    public Optional<Instant> unfinishedBatchSince() {
        URI offsets = Storage.child(checkpoint, "offsets");
        OptionalLong planned = storage.lastBatchId(offsets);
        OptionalLong committed = lastCommitted();
        if (planned.isEmpty() || committed.isPresent() && committed.getAsLong() >= planned.getAsLong()) {
            return Optional.empty();
        }
        return storage.modified(Storage.child(offsets, String.valueOf(planned.getAsLong())));
    }

    /**
     * The end offsets of a batch, as the Kafka source's {@code startingOffsets} JSON: the first offset
     * of each partition that the batch did not process.
     */
    public Optional<String> endOffsets(long batchId) {
        return storage.read(Storage.child(Storage.child(checkpoint, "offsets"), String.valueOf(batchId)))
                .map(text -> text.lines().toList())
                .filter(lines -> lines.size() >= 3 && lines.get(0).startsWith("v"))
                .map(lines -> lines.get(2));
    }

    /** The last batch a file sink committed to its {@code _spark_metadata} log in {@code folder}. */
    public static OptionalLong lastArchived(Storage storage, URI folder) {
        return storage.lastBatchId(Storage.child(folder, "_spark_metadata"));
    }
}
