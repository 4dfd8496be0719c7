package io.streamgate.pipeline;

import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.system.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which archive folder a checkpoint writes to, and when it cannot go on there: on files only, laid out
 * as Spark lays out a checkpoint's commit log and a file sink's log.
 */
class ArchiveGenerationTest {

    @TempDir
    Path dataDir;

    private final Storage storage = new Storage(new SparkProperties("local[1]", "test", false, 1, null, null));

    @Test
    void aCheckpointKeepsTheGenerationFolderItStartedWith() {
        PipelineProperties.Archive archive = archive("own-query");

        Path first = resolve(archive);
        Path again = resolve(archive);

        assertThat(first.getFileName().toString()).startsWith("generation-");
        assertThat(first.getParent()).isEqualTo(dataDir.resolve("archive").toAbsolutePath());
        assertThat(again).isEqualTo(first);
    }

    @Test
    void theWriterCannotChangeUnderACheckpoint() {
        resolve(archive("own-query"));

        assertThatThrownBy(() -> resolve(archive("main-query")))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("written by its own query")
                .hasMessageContaining("new checkpoint");
    }

    @Test
    void aCheckpointFromBeforeTheWriterSettingIsTheArchiveQuerys() throws IOException {
        Files.createDirectories(queryDir());
        Files.writeString(queryDir().resolve("archive-generation"), "generation-1");

        assertThat(resolve(archive("own-query")))
                .isEqualTo(dataDir.resolve("archive/generation-1").toAbsolutePath());
        assertThatThrownBy(() -> resolve(archive("main-query")))
                .isInstanceOf(CheckpointConflictException.class);
    }

    @Test
    void theMainQueryCannotArchiveBatchesItCommittedWithTheArchiveOff() throws IOException {
        batchFiles(checkpoint().resolve("commits"), "0", "1");

        assertThatThrownBy(() -> resolve(archive("main-query")))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("committed batches up to 1 without the archive (archived: none)");
        assertThat(queryDir().resolve("archive-generation")).as("nothing made for a refused start").doesNotExist();
    }

    @Test
    void theMainQueryGoesOnWhereItsArchiveLogEnds() throws IOException {
        Path generation = resolve(archive("main-query"));
        // Batch 10 committed to the archive (a compacted log file) but not yet by the main query: replayed, skipped.
        batchFiles(generation.resolve("_spark_metadata"), "8", "9.compact", "10", ".10.crc");
        batchFiles(checkpoint().resolve("commits"), "8", "9", ".9.crc");

        assertThat(resolve(archive("main-query"))).isEqualTo(generation);

        batchFiles(checkpoint().resolve("commits"), "10", "11");
        assertThatThrownBy(() -> resolve(archive("main-query")))
                .isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("up to 11 without the archive (archived: up to 10)");
    }

    @Test
    void realTimeModeCannotHaveTheMainQueryWriteTheArchive() {
        PipelineProperties properties = TestPipelineProperties.with(Map.of(
                "checkpoint-dir", dataDir.resolve("checkpoints").toString(), "archive.writer", "main-query"));
        // The refusal comes before Spark or Kafka is asked anything.
        StreamingPipeline pipeline = new StreamingPipeline(null, storage, () -> List.of("localhost:9"),
                new KafkaTopicProperties("testTopic", 1, (short) 1, null, Duration.ofSeconds(3), ""), properties,
                new ResultsBuffer(properties));

        assertThatThrownBy(() -> pipeline.start(QuerySpec.of(properties, null, null, null, "real-time")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("archive.writer=own-query");
    }

    private Path resolve(PipelineProperties.Archive archive) {
        return Path.of(ArchiveGeneration.resolve(storage, queryDir().toUri(), checkpoint().toUri(), archive));
    }

    private Path queryDir() {
        return dataDir.resolve("checkpoints/streamgate");
    }

    private Path checkpoint() {
        return queryDir().resolve("results");
    }

    private PipelineProperties.Archive archive(String writer) {
        return TestPipelineProperties.with(Map.of("archive.path", dataDir.resolve("archive").toString(),
                "archive.writer", writer)).archive();
    }

    private static void batchFiles(Path log, String... names) throws IOException {
        Files.createDirectories(log);
        for (String name : names) {
            Files.writeString(log.resolve(name), "v1");
        }
    }
}
