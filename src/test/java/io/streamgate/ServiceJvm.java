package io.streamgate;

import io.streamgate.kafka.EmbeddedKafkaBroker;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The service in a JVM of its own, on the test's class path, with its embedded broker on a port the
 * test chose and its folders under {@code data}: started again on the same port and folders, it finds
 * its broker's log, checkpoints and archive as a restarted service does. Kill it for a crash.
 */
public final class ServiceJvm implements AutoCloseable {

    public final JavaProcess process;
    public final Api api;

    private ServiceJvm(JavaProcess process, Api api) {
        this.process = process;
        this.api = api;
    }

    /**
     * @param jvmFlags flags of the JVM, e.g. its heap
     * @param settings more of the service's settings, as {@code --name=value}
     */
    public static ServiceJvm start(Path data, int kafkaPort, String log, List<String> jvmFlags, List<String> settings) {
        int httpPort = EmbeddedKafkaBroker.freePort("127.0.0.1");
        List<String> args = new ArrayList<>(jvmFlags);
        args.addAll(List.of(System.getProperty("spark.jvm.flags", "").split("\\s+")));
        args.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.streamgate.StreamgateApplication",
                "--server.port=" + httpPort,
                "--streamgate.kafka.embedded.port=" + kafkaPort,
                "--streamgate.kafka.embedded.controller-port=0",
                "--streamgate.kafka.embedded.data-dir=" + data.resolve("kafka"),
                "--streamgate.pipeline.checkpoint-dir=" + data.resolve("checkpoints"),
                "--streamgate.pipeline.archive.path=" + data.resolve("archive"),
                "--streamgate.spark.ui-enabled=false",
                "--streamgate.spark.shuffle-partitions=1"));
        args.addAll(settings);
        args.removeIf(String::isBlank);
        JavaProcess process = JavaProcess.start(List.of(), args, Map.of(), data.resolve(log));
        Api api = new Api(httpPort);
        await("the service answers").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited; see " + process.log());
            }
            try {
                return api.get("/actuator/health/liveness").status() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        return new ServiceJvm(process, api);
    }

    @Override
    public void close() {
        process.close();
    }
}
