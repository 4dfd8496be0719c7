package io.streamgate.kafka;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real KRaft broker in its own JVM, started from Kafka's jars like {@code kafka-server-start.sh}:
 * the "external cluster" of the Compose setup, which a test can kill and start again.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaBrokerProcess(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = EmbeddedKafkaBroker.freePort("127.0.0.1");
        this.controllerPort = EmbeddedKafkaBroker.freePort("127.0.0.1");
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (formatting its folder the first time) and waits until it answers. */
    public KafkaBrokerProcess start() {
        EmbeddedKafkaBroker.prepareStorage("127.0.0.1", port, controllerPort, dataDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            process = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                    "kafka.Kafka", dataDir.resolve("server.properties").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    /** SIGKILL: the broker vanishes without a clean shutdown, as in a crash or a pulled cable. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (AdminClient admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The broker process exited; see " + dataDir.resolve("broker.log"));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("The broker did not answer within " + timeout + "; see " + dataDir.resolve("broker.log"));
    }
}
