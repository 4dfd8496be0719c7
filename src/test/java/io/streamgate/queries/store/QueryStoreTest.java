package io.streamgate.queries.store;

import io.streamgate.pipeline.LocalSpark;
import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.QueryMode;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.definition.Sinks;
import io.streamgate.pipeline.plan.ArchiveLog;
import io.streamgate.pipeline.sql.CheckedSql;
import io.streamgate.pipeline.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** query.json on a local disk, through the same Hadoop file system as the checkpoints. */
class QueryStoreTest {

    private static final Sinks BUILT_IN_SINKS = new Sinks(true, true, true, Optional.empty());
    private static final QueryDefinition DEFINITION = new QueryDefinition("testTopic", "earliest", "500 ms",
            RecordSchema.parse("id BIGINT NOT NULL"), QueryMode.MICRO_BATCH, new Select.BuiltIn(), BUILT_IN_SINKS);

    @TempDir
    Path queryDir;

    private final JsonMapper json = JsonMapper.builder().build();
    private final Storage storage = LocalSpark.storage();

    @Test
    void aQueryNeverStartedHasNothingSaved() {
        assertThat(store().read()).isEqualTo(SavedQuery.NEW);
    }

    @Test
    void whatIsWrittenIsReadBackFromOneVersionedFile() throws IOException {
        ArchiveLog log = new ArchiveLog("generation-7", ArchiveLog.Writer.MAIN_QUERY, ArchiveLog.LAYOUT);
        SavedQuery saved = new SavedQuery(Optional.of(DEFINITION), true, Optional.of(log),
                Optional.empty());

        store().write(saved);

        assertThat(store().read()).isEqualTo(saved);
        assertThat(Files.list(queryDir)).extracting(path -> path.getFileName().toString()).containsExactly("query.json");
        assertThat(json.readTree(queryDir.resolve("query.json").toFile()).get("version").asInt()).isEqualTo(QueryStore.VERSION);
        assertThat(store().read().stopped().running()).isFalse();
    }

    @Test
    void theOldLayoutOfThreeFilesIsConvertedOnce() throws IOException {
        Files.writeString(queryDir.resolve("running.json"),
                "{\"startingOffsets\":\"latest\",\"trigger\":\"1s\",\"schema\":\"id BIGINT\",\"mode\":null}");
        Files.writeString(queryDir.resolve("archive-generation"), "generation-3\n");

        SavedQuery converted = store().read();

        assertThat(converted.running()).isTrue();
        assertThat(converted.definition()).hasValueSatisfying(definition -> {
            assertThat(definition.trigger()).isEqualTo("1s");
            assertThat(definition.mode()).as("a marker from before there were modes").isEqualTo(QueryMode.MICRO_BATCH);
        });
        assertThat(converted.archive()).as("a generation without a writer file: its own query's")
                .contains(new ArchiveLog("generation-3", ArchiveLog.Writer.OWN_QUERY, 1));
        assertThat(Files.list(queryDir)).extracting(path -> path.getFileName().toString()).containsExactly("query.json");
        assertThat(store().read()).isEqualTo(converted);
    }

    @Test
    void aUserQueryKeepsItsSqlAndAnalysis() {
        QueryDefinition sql = new QueryDefinition("testTopic", "earliest", "500 ms", RecordSchema.parse("id BIGINT NOT NULL"),
                QueryMode.MICRO_BATCH, new Select.Sql("SELECT name, count(*) AS n FROM events GROUP BY name", "1 minute",
                OutputMode.UPDATE), Sinks.outputTo("counts"));
        SavedQuery saved = SavedQuery.defined(sql, new SqlAnalysis(
                List.of(new CheckedSql.Column("name", "STRING"), new CheckedSql.Column("n", "BIGINT")), List.of("aggregate"), null));

        store().write(saved);

        assertThat(store().read()).isEqualTo(saved);
    }

    @Test
    void aFileOfVersionOneReadsWithTheDefaultTopic() throws IOException {
        Files.writeString(queryDir.resolve("query.json"), "{\"version\": 1, \"running\": true, \"definition\": "
                + "{\"startingOffsets\":\"latest\",\"trigger\":\"1s\",\"schema\":\"id BIGINT\",\"mode\":\"micro-batch\"}}");
        assertThat(store().read().definition()).hasValueSatisfying(definition -> {
            assertThat(definition.topic()).isEqualTo("testTopic");
            assertThat(definition.select()).isEqualTo(new Select.BuiltIn());
            assertThat(definition.sinks()).as("a file written before sinks were: the default query's").isEqualTo(BUILT_IN_SINKS);
        });
    }

    @Test
    void aFileOfAnotherVersionIsNotGuessedAt() throws IOException {
        Files.writeString(queryDir.resolve("query.json"), "{\"version\": 3, \"running\": true}");
        assertThatThrownBy(() -> store().read()).hasMessageContaining("version 3");
    }

    private QueryStore store() {
        return new QueryStore(storage, queryDir.toUri(), json, new QueryStore.Defaults("testTopic", BUILT_IN_SINKS));
    }
}
