package io.streamgate.queries.store;

import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.QueryMode;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.definition.Sinks;
import io.streamgate.pipeline.plan.ArchiveLog;
import io.streamgate.pipeline.storage.Storage;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * What outlives the JVM of one query, in one versioned file beside its checkpoints, {@code query.json}
 * ({@link SavedQuery}). Read once, when the query is loaded, and kept in memory; every change is
 * written through, through the same file systems as the checkpoints. Earlier versions of the app kept
 * three loose files instead; the first read converts them.
 */
public final class QueryStore {

    /**
     * 2: a definition also has its topic and, for a user query, its SQL, columns and state signature; its
     * sinks, when absent (written before they were), are those its select had then.
     */
    public static final int VERSION = 2;
    private static final String FILE = "query.json";
    // The layout before query.json: the run marker, and the archive's generation and writer.
    private static final String OLD_RUN_MARKER = "running.json";
    private static final String OLD_GENERATION = "archive-generation";
    private static final String OLD_WRITER = "archive-writer";

    /** What a file written before this version lacks: the one topic there was, and the default query's sinks. */
    public record Defaults(String topic, Sinks builtInSinks) {
    }

    /** query.json as it is written; null fields are absent ones. */
    record QueryFile(int version, StoredDefinition definition, boolean running, ArchiveLog archive, SqlAnalysis analysis) {
    }

    /** @param topic null in files of version 1, which knew one topic only */
    record StoredDefinition(String topic, String startingOffsets, String trigger, String schema, String mode,
                            String sql, String watermark, String outputMode, String outputTopic,
                            Boolean console, Boolean archive, Boolean deadLetters) {

        static StoredDefinition of(QueryDefinition definition) {
            Select.Sql sql = definition.select() instanceof Select.Sql user ? user : null;
            Sinks sinks = definition.sinks();
            return new StoredDefinition(definition.topic(), definition.startingOffsets(), definition.trigger(),
                    definition.schema().ddl(), definition.mode().value(), sql == null ? null : sql.sql(),
                    sql == null ? null : sql.watermark(),
                    sql == null || sql.outputMode() == null ? null : sql.outputMode().value(),
                    sinks.outputTopic().orElse(null), sinks.console(), sinks.archive(), sinks.deadLetters());
        }

        /** @param mode null in run markers written before there were modes: micro-batch */
        QueryDefinition definition(Defaults defaults) {
            Select select = sql == null ? new Select.BuiltIn()
                    : new Select.Sql(sql, watermark, outputMode == null ? null : OutputMode.of(outputMode));
            Sinks sinks = console == null ? (sql == null ? defaults.builtInSinks() : Sinks.outputTo(outputTopic))
                    : new Sinks(console, archive, deadLetters, Optional.ofNullable(outputTopic));
            return new QueryDefinition(topic == null ? defaults.topic() : topic, startingOffsets, trigger,
                    RecordSchema.parse(schema), mode == null ? QueryMode.MICRO_BATCH : QueryMode.of(mode), select, sinks);
        }
    }

    private final Storage storage;
    private final URI queryDir;
    private final URI file;
    private final JsonMapper json;
    private final Defaults defaults;
    private volatile SavedQuery saved; // null until loaded

    public QueryStore(Storage storage, URI queryDir, JsonMapper json, Defaults defaults) {
        this.storage = storage;
        this.queryDir = queryDir;
        this.file = Storage.child(queryDir, FILE);
        this.json = json;
        this.defaults = defaults;
    }

    /**
     * For a query that is being created: whatever its folder holds is left by one deleted while its files
     * were unreachable, and is not read (the first write replaces it).
     */
    public void startEmpty() {
        saved = SavedQuery.NEW;
    }

    /** What is saved, as read at the first call and written since. */
    public SavedQuery read() {
        SavedQuery current = saved;
        if (current == null) {
            synchronized (this) {
                if (saved == null) {
                    saved = load();
                }
                current = saved;
            }
        }
        return current;
    }

    /** Whether the query has a file (or the old layout's files) at all. */
    public boolean exists() {
        return storage.exists(file) || storage.exists(Storage.child(queryDir, OLD_RUN_MARKER))
                || storage.exists(Storage.child(queryDir, OLD_GENERATION));
    }

    public synchronized void write(SavedQuery query) {
        storage.write(file, json.writeValueAsString(new QueryFile(VERSION,
                query.definition().map(StoredDefinition::of).orElse(null), query.running(),
                query.archive().orElse(null), query.analysis().orElse(null))));
        saved = query;
    }

    /** A run of before the app started counts as stopped: {@code resume-on-startup} is off. */
    public synchronized void forgetRunning() {
        SavedQuery current = read();
        if (current.running()) {
            write(current.stopped());
        }
    }

    /** Everything the query kept: its file and checkpoints (the archive is apart). */
    public synchronized void deleteAll() {
        storage.delete(queryDir);
        saved = SavedQuery.NEW;
    }

    private SavedQuery load() {
        Optional<String> text = storage.read(file);
        if (text.isEmpty()) {
            return convertOldLayout();
        }
        QueryFile stored = json.readValue(text.get(), QueryFile.class);
        if (stored.version() < 1 || stored.version() > VERSION) {
            throw new IllegalStateException(file + " is version " + stored.version() + "; this app reads versions 1 to "
                    + VERSION);
        }
        return new SavedQuery(Optional.ofNullable(stored.definition()).map(definition -> definition.definition(defaults)),
                stored.running(), Optional.ofNullable(stored.archive()), Optional.ofNullable(stored.analysis()));
    }

    /** The three files of the old layout, as one query.json; none of them: a query never started. */
    private SavedQuery convertOldLayout() {
        URI runMarker = Storage.child(queryDir, OLD_RUN_MARKER);
        URI generationFile = Storage.child(queryDir, OLD_GENERATION);
        URI writerFile = Storage.child(queryDir, OLD_WRITER);
        Optional<StoredDefinition> running = storage.read(runMarker).map(text -> json.readValue(text, StoredDefinition.class));
        // A generation without a writer file is from before the main query could write the archive: its own query's.
        Optional<ArchiveLog> archive = storage.read(generationFile).map(String::strip).map(generation -> new ArchiveLog(
                generation, storage.read(writerFile).map(QueryStore::writer).orElse(ArchiveLog.Writer.OWN_QUERY), 1));
        if (running.isEmpty() && archive.isEmpty()) {
            return SavedQuery.NEW;
        }
        SavedQuery converted = new SavedQuery(running.map(definition -> definition.definition(defaults)),
                running.isPresent(), archive, Optional.empty());
        write(converted);
        storage.delete(runMarker);
        storage.delete(generationFile);
        storage.delete(writerFile);
        return converted;
    }

    private static ArchiveLog.Writer writer(String value) {
        return ArchiveLog.Writer.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
