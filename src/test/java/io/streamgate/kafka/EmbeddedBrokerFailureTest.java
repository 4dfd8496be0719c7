package io.streamgate.kafka;

import io.streamgate.IntegrationTest;
import io.streamgate.StreamgateApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded broker starts on a thread of its own while the app's beans are made; one that cannot
 * start still fails the app's start. In a JVM of its own: Tomcat and Spark each register a JVM-wide URL
 * handler factory, which an earlier SparkSession in a shared JVM would already hold.
 */
@Tag(IntegrationTest.OWN_JVM)
class EmbeddedBrokerFailureTest {

    @TempDir
    Path dataDir;

    @Test
    void anAppWhoseBrokerCannotStartDoesNotStart() throws Exception {
        Path notAFolder = Files.writeString(dataDir.resolve("a-file"), "not a folder");
        assertThatThrownBy(() -> new SpringApplicationBuilder(StreamgateApplication.class).run(
                "--spring.profiles.active=test", "--server.port=0",
                "--streamgate.kafka.embedded.data-dir=" + notAFolder,
                "--streamgate.pipeline.checkpoint-dir=" + dataDir.resolve("checkpoints"),
                "--streamgate.pipeline.archive.path=" + dataDir.resolve("archive")))
                .hasStackTraceContaining("The embedded Kafka broker did not start on 127.0.0.1:");
    }
}
