package io.streamgate.queries;

import io.streamgate.pipeline.QueryMode;
import io.streamgate.pipeline.QuerySpec;
import io.streamgate.pipeline.RecordSchema;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A file next to the checkpoints that says "this query should be running, with these options".
 * Written at start, removed by an explicit stop, left in place by a shutdown, so that the next
 * start of the app resumes the query from its checkpoint.
 */
final class RunMarker {

    /** @param mode null in markers written before there were modes: micro-batch */
    record Saved(String startingOffsets, String trigger, String schema, String mode) {

        QuerySpec spec() {
            return new QuerySpec(startingOffsets, trigger, RecordSchema.parse(schema), false,
                    mode == null ? null : QueryMode.of(mode));
        }
    }

    private final Path file;
    private final JsonMapper json;

    RunMarker(Path queryDir, JsonMapper json) {
        this.file = queryDir.resolve("running.json");
        this.json = json;
    }

    void save(QuerySpec spec) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writeValue(temp.toFile(), new Saved(spec.startingOffsets(), spec.trigger(), spec.schema().ddl(),
                    spec.mode().value()));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    Optional<Saved> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(file.toFile(), Saved.class));
    }

    void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file, e);
        }
    }
}
