package io.streamgate.pipeline.plan;

import io.streamgate.pipeline.LocalSpark;
import io.streamgate.pipeline.definition.TestPipelineProperties;
import io.streamgate.pipeline.storage.CheckpointLog;
import io.streamgate.pipeline.storage.Storage;

import io.streamgate.pipeline.plan.ArchiveLog.Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who writes the archive and into which generation, decided from files only, laid out as Spark lays
 * out a checkpoint's commit and offset logs and a file sink's log.
 */
class ArchivePlannerTest {

    private static final Engine MICRO_BATCH = new Engine.MicroBatch(200, 200_000, 50_000);
    private static final Engine REAL_TIME = new Engine.RealTime(60_000);

    @TempDir
    Path dataDir;

    private final Storage storage = LocalSpark.storage();

    @Test
    void microBatchModeHasTheMainQueryWriteANewGenerationAndGoOnWithIt() {
        ArchivePlan first = plan(MICRO_BATCH, Optional.empty());
        assertThat(first).isInstanceOf(ArchivePlan.ByMainQuery.class);
        ArchivePlan.Written written = (ArchivePlan.Written) first;
        assertThat(written.log().generation()).startsWith("generation-");
        assertThat(Path.of(written.path())).isEqualTo(dataDir.resolve("archive").resolve(written.log().generation()));
        assertThat(written.note()).isNull();

        assertThat(plan(MICRO_BATCH, Optional.of(written.log()))).isEqualTo(first);
    }

    @Test
    void realTimeModeHasAQueryOfItsOwnBeginWhereTheMainQueryBegins() {
        ArchivePlan plan = plan(REAL_TIME, Optional.empty());
        assertThat(plan).isInstanceOfSatisfying(ArchivePlan.OwnQuery.class, own -> {
            assertThat(own.log().writer()).isEqualTo(Writer.OWN_QUERY);
            assertThat(own.startingOffsets()).isEqualTo("earliest");
            assertThat(own.intervalMillis()).isEqualTo(30_000);
        });
    }

    @Test
    void anArchiveWrittenByItsOwnQueryStaysSoInMicroBatchModeAndSaysWhy() {
        ArchiveLog own = new ArchiveLog("generation-1", Writer.OWN_QUERY, ArchiveLog.LAYOUT);
        assertThat(plan(MICRO_BATCH, Optional.of(own))).isInstanceOfSatisfying(ArchivePlan.OwnQuery.class, plan -> {
            assertThat(plan.log()).isEqualTo(own);
            assertThat(plan.note()).contains("written by its own query", "fresh start");
        });
        assertThat(plan(REAL_TIME, Optional.of(own))).isInstanceOfSatisfying(ArchivePlan.OwnQuery.class,
                plan -> assertThat(plan.note()).isNull());
    }

    @Test
    void movingToRealTimeModeBeginsAGenerationWhereTheMainQuerysArchiveEnded() throws IOException {
        ArchiveLog byMain = new ArchiveLog("generation-1", Writer.MAIN_QUERY, ArchiveLog.LAYOUT);
        batchFiles(checkpoint().resolve("commits"), "3", "4");
        offsets(4, "{\"testTopic\":{\"0\":400}}");
        offsets(5, "{\"testTopic\":{\"0\":500}}");
        // Batch 5 was archived, then the app stopped before the main query committed it.
        batchFiles(archive("generation-1").resolve("_spark_metadata"), "4", "5");

        assertThat(plan(REAL_TIME, Optional.of(byMain))).isInstanceOfSatisfying(ArchivePlan.OwnQuery.class, plan -> {
            assertThat(plan.log().generation()).isNotEqualTo("generation-1");
            assertThat(plan.startingOffsets()).isEqualTo("{\"testTopic\":{\"0\":500}}");
            assertThat(plan.note()).contains("new generation", "real-time mode");
        });
    }

    @Test
    void theMainQueryGoesOnWhereItsArchiveLogEnds() throws IOException {
        ArchiveLog byMain = new ArchiveLog("generation-1", Writer.MAIN_QUERY, ArchiveLog.LAYOUT);
        // Batch 10 committed to the archive (a compacted log file) but not yet by the main query: replayed, skipped.
        batchFiles(archive("generation-1").resolve("_spark_metadata"), "8", "9.compact", "10", ".10.crc");
        batchFiles(checkpoint().resolve("commits"), "8", "9", ".9.crc");

        assertThat(plan(MICRO_BATCH, Optional.of(byMain))).isInstanceOfSatisfying(ArchivePlan.ByMainQuery.class,
                plan -> assertThat(plan.log()).isEqualTo(byMain));
    }

    @Test
    void batchesCommittedWithTheArchiveOffBeginANewGeneration() throws IOException {
        ArchiveLog byMain = new ArchiveLog("generation-1", Writer.MAIN_QUERY, ArchiveLog.LAYOUT);
        batchFiles(archive("generation-1").resolve("_spark_metadata"), "8");
        batchFiles(checkpoint().resolve("commits"), "8", "9", "10");

        assertThat(plan(MICRO_BATCH, Optional.of(byMain))).isInstanceOfSatisfying(ArchivePlan.ByMainQuery.class, plan -> {
            assertThat(plan.log().generation()).isNotEqualTo("generation-1");
            assertThat(plan.note()).contains("committed batches up to 10 with the archive off");
        });
    }

    @Test
    void aFreshStartBeginsANewGenerationWhateverTheCheckpointHolds() throws IOException {
        batchFiles(checkpoint().resolve("commits"), "1");
        ArchivePlan plan = planner().plan(MICRO_BATCH, "latest", Optional.empty(), Optional.empty(), archiveCheckpoint());
        assertThat(((ArchivePlan.Written) plan).note()).isNull();
    }

    private ArchivePlan plan(Engine engine, Optional<ArchiveLog> saved) {
        return planner().plan(engine, "earliest", saved, Optional.of(new CheckpointLog(storage, checkpoint().toUri())),
                archiveCheckpoint());
    }

    private ArchivePlanner planner() {
        return new ArchivePlanner(TestPipelineProperties.with(Map.of("archive.path", dataDir.resolve("archive").toString()))
                .archive(), storage, Clock.systemUTC());
    }

    private Path checkpoint() {
        return dataDir.resolve("checkpoints/streamgate/results");
    }

    private URI archiveCheckpoint() {
        return dataDir.resolve("checkpoints/streamgate/archive").toUri();
    }

    private Path archive(String generation) {
        return dataDir.resolve("archive").resolve(generation);
    }

    private void offsets(long batchId, String sourceOffsets) throws IOException {
        Path log = checkpoint().resolve("offsets");
        Files.createDirectories(log);
        Files.writeString(log.resolve(String.valueOf(batchId)), "v1\n{\"batchWatermarkMs\":0}\n" + sourceOffsets);
    }

    private static void batchFiles(Path log, String... names) throws IOException {
        Files.createDirectories(log);
        for (String name : names) {
            Files.writeString(log.resolve(name), "v1");
        }
    }
}
