package io.streamgate.queries.relations;

import io.streamgate.pipeline.definition.Relation;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.storage.Storage;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Streams' and tables' definitions, one versioned file each, {@code <checkpoint-dir>/_relations/<name>/relation.json},
 * beside the queries' folders and through the same file systems (a query's name has no underscore, so the
 * folder is no query's). Read when the service starts; every change is written through.
 */
final class RelationStore {

    static final int VERSION = 1;
    static final String FOLDER = "_relations";
    private static final String FILE = "relation.json";

    /** The file; {@code revision} counts the definitions the name has had, from 1. */
    record RelationFile(int version, String kind, String topic, String schema, String watermark, Integer partitions,
                        String key, long revision) {

        static RelationFile of(Relation relation, long revision) {
            if (relation instanceof Relation.Stream stream) {
                return new RelationFile(VERSION, stream.kind(), stream.topic(), stream.schema().ddl(), stream.watermark(),
                        stream.partitions(), null, revision);
            }
            Relation.Table table = (Relation.Table) relation;
            return new RelationFile(VERSION, table.kind(), table.topic(), table.schema().ddl(), null, null, table.key(), revision);
        }

        Relation relation() {
            RecordSchema parsed = RecordSchema.parse(schema);
            return "table".equals(kind) ? new Relation.Table(topic, parsed, key) : new Relation.Stream(topic, parsed, watermark, partitions);
        }
    }

    /** A definition and its revision. */
    record Stored(Relation relation, long revision) {
    }

    private final Storage storage;
    private final URI folder;
    private final JsonMapper json;

    RelationStore(Storage storage, URI checkpointDir, JsonMapper json) {
        this.storage = storage;
        this.folder = Storage.child(checkpointDir, FOLDER);
        this.json = json;
    }

    /** Every stored one, by name; a file this version cannot read stops the start rather than losing it. */
    Map<String, Stored> load() {
        Map<String, Stored> all = new TreeMap<>();
        for (String name : storage.folders(folder)) {
            Optional<String> text = storage.read(file(name));
            if (text.isEmpty()) {
                continue; // a folder whose file was never written: a PUT that failed half-way
            }
            RelationFile stored = json.readValue(text.get(), RelationFile.class);
            if (stored.version() < 1 || stored.version() > VERSION) {
                throw new IllegalStateException(file(name) + " is version " + stored.version() + "; this app reads versions 1 to "
                        + VERSION);
            }
            all.put(name, new Stored(stored.relation(), stored.revision()));
        }
        return all;
    }

    void write(String name, Stored stored) {
        storage.write(file(name), json.writeValueAsString(RelationFile.of(stored.relation(), stored.revision())));
    }

    void delete(String name) {
        storage.delete(Storage.child(folder, name));
    }

    private URI file(String name) {
        return Storage.child(Storage.child(folder, name), FILE);
    }
}
