package io.streamgate.pipeline.storage;

import io.streamgate.pipeline.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small files beside the checkpoints and Spark's logs, through Hadoop's local file system. */
class StorageTest {

    @TempDir
    Path dir;

    private final Storage storage = LocalSpark.storage();

    @Test
    void aLocationIsAUriAndAPlainPathBecomesAnAbsoluteFileUri() {
        assertThat(Storage.location("hdfs://namenode:8020/checkpoints")).isEqualTo(URI.create("hdfs://namenode:8020/checkpoints"));
        assertThat(Storage.location("data/check points")).isEqualTo(Path.of("data/check points").toAbsolutePath().toUri());
        assertThat(Storage.child(URI.create("s3a://bucket/a/"), "b")).isEqualTo(URI.create("s3a://bucket/a/b"));
        assertThat(Storage.isLocal(Storage.location("data"))).isTrue();
        assertThat(Storage.isLocal(URI.create("s3a://bucket/a"))).isFalse();
    }

    @Test
    void aWriteIsReadBackAndReplacesTheFileWhole() {
        URI file = dir.resolve("q").resolve("query.json").toUri();
        assertThat(storage.read(file)).isEmpty();

        storage.write(file, "{\"version\": 1}");
        storage.write(file, "{\"version\": 2}");

        assertThat(storage.read(file)).contains("{\"version\": 2}");
        assertThat(storage.exists(file)).isTrue();
    }

    @Test
    void aWriteCutShortBetweenItsStepsIsReadAsItsNewVersion() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("q"));
        Files.writeString(folder.resolve(".query.json.tmp"), "complete new version");

        assertThat(storage.read(folder.resolve("query.json").toUri())).contains("complete new version");
    }

    @Test
    void aFolderIsDeletedWithEverythingInItAndFoldersAreListedByName() throws IOException {
        Files.createDirectories(dir.resolve("b").resolve("inner"));
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a-file"), "x");
        assertThat(storage.folders(dir.toUri())).containsExactly("a", "b");
        assertThat(storage.folders(dir.resolve("absent").toUri())).isEmpty();

        storage.delete(dir.resolve("b").toUri());

        assertThat(dir.resolve("b")).doesNotExist();
        assertThat(storage.folders(dir.toUri())).containsExactly("a");
    }

    @Test
    void theLastBatchOfASparkLogIsItsHighestNumberedFileCompactedOrNot() throws IOException {
        Path commits = Files.createDirectories(dir.resolve("commits"));
        assertThat(storage.lastBatchId(dir.resolve("absent").toUri())).isEmpty();
        for (String name : new String[] {"0", "1", "9.compact", ".10.crc", "10.tmp"}) {
            Files.writeString(commits.resolve(name), "v1");
        }
        assertThat(storage.lastBatchId(commits.toUri())).isEqualTo(OptionalLong.of(9));
    }

    @Test
    void aFileSystemThatFailsIsStorageUnavailableAndSaysWhere() {
        URI nowhere = URI.create("nowhere://bucket/checkpoints/query.json");

        assertThatThrownBy(() -> storage.read(nowhere)).isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("Cannot read nowhere://bucket/checkpoints/query.json");
        assertThatThrownBy(() -> storage.write(nowhere, "text")).isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("Cannot write nowhere://bucket/checkpoints/query.json");
        assertThatThrownBy(() -> storage.delete(nowhere)).isInstanceOf(StorageUnavailableException.class);
    }
}
