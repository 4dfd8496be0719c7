package io.streamgate.pipeline.archive;

import io.streamgate.pipeline.LocalSpark;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSinkLog$;
import org.apache.spark.sql.execution.streaming.sinks.SinkFileStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive's log writes the compactions Spark's own writes, deletes what Spark's would, at its
 * compactions only, and its readers see every file.
 */
class ArchiveSinkLogTest {

    private static SparkSession spark;

    @TempDir
    Path archive;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("archive-sink-log-test");
        // Compactions at batches 2, 5, 8; entries expire at once, and two batches are kept.
        spark.conf().set("spark.sql.streaming.fileSink.log.compactInterval", "3");
        spark.conf().set("spark.sql.streaming.fileSink.log.cleanupDelay", "0");
        spark.conf().set("spark.sql.streaming.minBatchesToRetain", "2");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void expiredEntriesGoAtTheNextCompactionAndEveryFileStaysListed() throws IOException {
        ArchiveSinkLog log = new ArchiveSinkLog(spark, LocalSpark.storage(), archive.resolve("_spark_metadata").toString());
        for (long batch = 0; batch <= 7; batch++) {
            assertThat(log.add(batch, new SinkFileStatus[] {file(batch)})).isTrue();
        }
        // 0 and 1 went at the compaction of batch 5 (Spark's own log deletes them at batch 4); Spark's own
        // deletes 2 to 4 here, at batch 7, where the compaction it keeps moves to 5.
        assertThat(entries()).containsExactlyInAnyOrder("2.compact", "3", "4", "5.compact", "6", "7");

        assertThat(log.add(8, new SinkFileStatus[] {file(8)})).isTrue();
        assertThat(entries()).containsExactlyInAnyOrder("5.compact", "6", "7", "8.compact");
        assertThat(Arrays.stream((SinkFileStatus[]) log.allFiles()).map(SinkFileStatus::path))
                .containsExactly(LongStream.rangeClosed(0, 8).mapToObj(b -> file(b).path()).toArray(String[]::new));
    }

    @Test
    void entriesAnEarlierRunLeftGoToo() throws IOException {
        String folder = archive.resolve("_spark_metadata").toString();
        ArchiveSinkLog before = new ArchiveSinkLog(spark, LocalSpark.storage(), folder);
        for (long batch = 0; batch <= 3; batch++) {
            assertThat(before.add(batch, new SinkFileStatus[] {file(batch)})).isTrue();
        }
        ArchiveSinkLog after = new ArchiveSinkLog(spark, LocalSpark.storage(), folder);
        for (long batch = 4; batch <= 8; batch++) {
            assertThat(after.add(batch, new SinkFileStatus[] {file(batch)})).isTrue();
        }
        assertThat(entries()).containsExactlyInAnyOrder("5.compact", "6", "7", "8.compact");
    }

    @Test
    void entriesNotExpiredStay() throws IOException {
        spark.conf().set("spark.sql.streaming.fileSink.log.cleanupDelay", "1h");
        try {
            ArchiveSinkLog log = new ArchiveSinkLog(spark, LocalSpark.storage(), archive.resolve("_spark_metadata").toString());
            for (long batch = 0; batch <= 8; batch++) {
                assertThat(log.add(batch, new SinkFileStatus[] {file(batch)})).isTrue();
            }
            assertThat(entries()).hasSize(9);
        } finally {
            spark.conf().set("spark.sql.streaming.fileSink.log.cleanupDelay", "0");
        }
    }

    @Test
    void compactionsAreTheFilesSparksOwnLogWrites(@TempDir Path sparks) throws IOException {
        // A log begun past batch 0 (ArchiveWriter's empty entries first), entries of several files and none,
        // paths with quotes, backslashes, spaces and letters beyond ASCII.
        for (Path folder : List.of(archive, sparks)) {
            Files.createDirectories(folder.resolve("_spark_metadata"));
            Files.writeString(folder.resolve("_spark_metadata/0"), "v1");
            Files.writeString(folder.resolve("_spark_metadata/1"), "v1\n"); // as a reader takes it: no entry
        }
        ArchiveSinkLog log = new ArchiveSinkLog(spark, LocalSpark.storage(), archive.resolve("_spark_metadata").toString());
        FileStreamSinkLog own = ArchiveLogAccess.sparksOwnLog(spark, sparks.resolve("_spark_metadata").toString());
        for (long batch = 2; batch <= 8; batch++) {
            SinkFileStatus[] files = batch == 6 ? new SinkFileStatus[0] : new SinkFileStatus[] {
                    file(batch), new SinkFileStatus("/archive/date=2026-12-06/part \"ü\" \\ " + batch + ".json",
                    1234567, false, 1796539095117L + batch, 1, 33554432, FileStreamSinkLog$.MODULE$.ADD_ACTION())};
            assertThat(log.add(batch, files)).isTrue();
            assertThat(own.add(batch, files)).isTrue();
            if (batch % 3 == 2) { // each compaction as it is written (two batches later it is deleted)
                String compaction = "_spark_metadata/" + batch + ".compact";
                assertThat(Files.readString(archive.resolve(compaction))).as(compaction)
                        .isEqualTo(Files.readString(sparks.resolve(compaction)));
            }
        }
        assertThat((SinkFileStatus[]) own.allFiles()).hasSize(12)
                .containsExactly((SinkFileStatus[]) ArchiveLogAccess.sparksOwnLog(spark,
                        archive.resolve("_spark_metadata").toString()).allFiles());
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> files = Files.list(archive.resolve("_spark_metadata"))) {
            return files.map(f -> f.getFileName().toString()).filter(name -> !name.startsWith(".")).toList();
        }
    }

    private static SinkFileStatus file(long batch) {
        return new SinkFileStatus("/archive/part-" + batch, 10, false, 0, 1, 1, FileStreamSinkLog$.MODULE$.ADD_ACTION());
    }
}
