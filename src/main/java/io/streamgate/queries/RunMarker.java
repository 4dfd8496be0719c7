package io.streamgate.queries;

import io.streamgate.pipeline.QueryMode;
import io.streamgate.pipeline.QuerySpec;
import io.streamgate.pipeline.RecordSchema;
import io.streamgate.pipeline.Storage;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
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

    private final Storage storage;
    private final URI file;
    private final JsonMapper json;

    RunMarker(Storage storage, URI queryDir, JsonMapper json) {
        this.storage = storage;
        this.file = Storage.child(queryDir, "running.json");
        this.json = json;
    }

    void save(QuerySpec spec) {
        storage.write(file, json.writeValueAsString(new Saved(spec.startingOffsets(), spec.trigger(), spec.schema().ddl(),
                spec.mode().value())));
    }

    Optional<Saved> read() {
        return storage.read(file).map(text -> json.readValue(text, Saved.class));
    }

    void clear() {
        storage.delete(file);
    }
}
