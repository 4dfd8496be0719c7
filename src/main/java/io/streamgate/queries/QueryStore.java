package io.streamgate.queries;

import io.streamgate.pipeline.ArchiveLog;
import io.streamgate.pipeline.OutputMode;
import io.streamgate.pipeline.QueryDefinition;
import io.streamgate.pipeline.QueryMode;
import io.streamgate.pipeline.QueryPlan;
import io.streamgate.pipeline.RecordSchema;
import io.streamgate.pipeline.Select;
import io.streamgate.pipeline.Storage;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * What outlives the JVM of one query, in one versioned file beside its checkpoints, {@code query.json}:
 * its definition, whether it should be running (written at a start, cleared by an explicit stop, left
 * by a shutdown, so that the next start of the app resumes it), and its archive's log. Read and
 * written here only, through the same file systems as the checkpoints. Earlier versions of the app
 * kept three loose files instead; the first read converts them.
 */
final class QueryStore {

    /** 2: a definition also has its topic and, for a user query, its SQL, columns and state signature. */
    static final int VERSION = 2;
    private static final String FILE = "query.json";
    // The layout before query.json: the run marker, and the archive's generation and writer.
    private static final String OLD_RUN_MARKER = "running.json";
    private static final String OLD_GENERATION = "archive-generation";
    private static final String OLD_WRITER = "archive-writer";

    /**
     * What the store holds of a query; the default query has no definition before its first start, a
     * user query has one from when it is created, and what its SQL was analyzed to.
     */
    record SavedQuery(Optional<QueryDefinition> definition, boolean running, Optional<ArchiveLog> archive,
                      Optional<SqlAnalysis> analysis) {

        static final SavedQuery NEW = new SavedQuery(Optional.empty(), false, Optional.empty(), Optional.empty());

        /** Started with this plan: its archive's log, or, with the archive off, the log it goes on with later. */
        SavedQuery started(QueryPlan plan) {
            Optional<ArchiveLog> log = plan.fromScratch() ? plan.archiveLog() : plan.archiveLog().or(() -> archive);
            return new SavedQuery(Optional.of(plan.definition()), true, log, analysis);
        }

        SavedQuery stopped() {
            return new SavedQuery(definition, false, archive, analysis);
        }

        /** A user query created or replaced, never started with this definition. */
        static SavedQuery defined(QueryDefinition definition, SqlAnalysis analysis) {
            return new SavedQuery(Optional.of(definition), false, Optional.empty(), Optional.of(analysis));
        }
    }

    /** query.json as it is written; null fields are absent ones. */
    record QueryFile(int version, StoredDefinition definition, boolean running, ArchiveLog archive, SqlAnalysis analysis) {
    }

    /** @param topic null in files of version 1, which knew one topic only */
    record StoredDefinition(String topic, String startingOffsets, String trigger, String schema, String mode,
                            String sql, String watermark, String outputMode, String outputTopic) {

        static StoredDefinition of(QueryDefinition definition) {
            Select.Sql sql = definition.select() instanceof Select.Sql user ? user : null;
            return new StoredDefinition(definition.topic(), definition.startingOffsets(), definition.trigger(),
                    definition.schema().ddl(), definition.mode().value(), sql == null ? null : sql.sql(),
                    sql == null ? null : sql.watermark(),
                    sql == null || sql.outputMode() == null ? null : sql.outputMode().value(),
                    sql == null ? null : sql.outputTopic());
        }

        /** @param mode null in run markers written before there were modes: micro-batch */
        QueryDefinition definition(String defaultTopic) {
            Select select = sql == null ? new Select.BuiltIn()
                    : new Select.Sql(sql, watermark, outputMode == null ? null : OutputMode.of(outputMode), outputTopic);
            return new QueryDefinition(topic == null ? defaultTopic : topic, startingOffsets, trigger,
                    RecordSchema.parse(schema), mode == null ? QueryMode.MICRO_BATCH : QueryMode.of(mode), select);
        }
    }

    private final Storage storage;
    private final URI queryDir;
    private final URI file;
    private final JsonMapper json;
    private final String defaultTopic;

    QueryStore(Storage storage, URI queryDir, JsonMapper json, String defaultTopic) {
        this.defaultTopic = defaultTopic;
        this.storage = storage;
        this.queryDir = queryDir;
        this.file = Storage.child(queryDir, FILE);
        this.json = json;
    }

    SavedQuery read() {
        Optional<String> text = storage.read(file);
        if (text.isEmpty()) {
            return convertOldLayout();
        }
        QueryFile stored = json.readValue(text.get(), QueryFile.class);
        if (stored.version() < 1 || stored.version() > VERSION) {
            throw new IllegalStateException(file + " is version " + stored.version() + "; this app reads versions 1 to "
                    + VERSION);
        }
        return new SavedQuery(Optional.ofNullable(stored.definition()).map(definition -> definition.definition(defaultTopic)),
                stored.running(), Optional.ofNullable(stored.archive()), Optional.ofNullable(stored.analysis()));
    }

    /** Whether the query has a file (or the old layout's files) at all. */
    boolean exists() {
        return storage.exists(file) || storage.exists(Storage.child(queryDir, OLD_RUN_MARKER))
                || storage.exists(Storage.child(queryDir, OLD_GENERATION));
    }

    void write(SavedQuery query) {
        storage.write(file, json.writeValueAsString(new QueryFile(VERSION,
                query.definition().map(StoredDefinition::of).orElse(null), query.running(),
                query.archive().orElse(null), query.analysis().orElse(null))));
    }

    /** Everything the query kept: its file, checkpoints and, for the default query, nothing else (the archive is apart). */
    void deleteAll() {
        storage.delete(queryDir);
    }

    /** The three files of the old layout, as one query.json; none of them: a query never started. */
    private SavedQuery convertOldLayout() {
        URI runMarker = Storage.child(queryDir, OLD_RUN_MARKER);
        URI generationFile = Storage.child(queryDir, OLD_GENERATION);
        URI writerFile = Storage.child(queryDir, OLD_WRITER);
        Optional<StoredDefinition> running = storage.read(runMarker).map(text -> json.readValue(text, StoredDefinition.class));
        // A generation without a writer file is from before the main query could write the archive: its own query's.
        Optional<ArchiveLog> archive = storage.read(generationFile).map(String::strip).map(generation -> new ArchiveLog(
                generation, storage.read(writerFile).map(QueryStore::writer).orElse(ArchiveLog.Writer.OWN_QUERY)));
        if (running.isEmpty() && archive.isEmpty()) {
            return SavedQuery.NEW;
        }
        SavedQuery converted = new SavedQuery(running.map(definition -> definition.definition(defaultTopic)),
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
