package io.streamgate.benchmark;

import io.streamgate.Api;
import io.streamgate.kafka.EmbeddedKafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The service in its own JVM, as `./mvnw spring-boot:run` or `java -jar` starts it, with its embedded broker. */
final class ServiceProcess implements AutoCloseable {

    final int httpPort = EmbeddedKafkaBroker.freePort("127.0.0.1");
    final int kafkaPort;
    final Api api;
    final Duration startup;
    /** Its GC log, each pause with its time of day: what a latency's tail is set against. */
    final Path gcLog;
    private final Process process;

    ServiceProcess(Path dataDir, List<String> extraArgs) throws IOException, InterruptedException {
        this(dataDir, List.of("-cp", System.getProperty("java.class.path"), "io.streamgate.StreamgateApplication"), extraArgs);
    }

    /**
     * @param launch what follows the JVM's flags: {@code -cp … main} or {@code -jar app.jar}, with any
     *               flags of its own before it
     */
    ServiceProcess(Path dataDir, List<String> launch, List<String> extraArgs) throws IOException, InterruptedException {
        this(dataDir, launch, extraArgs, EmbeddedKafkaBroker.freePort("127.0.0.1"));
    }

    /** @param kafkaPort the embedded broker's, the same again for a service started anew on the same data */
    ServiceProcess(Path dataDir, List<String> launch, List<String> extraArgs, int kafkaPort)
            throws IOException, InterruptedException {
        this.kafkaPort = kafkaPort;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("streamgate.jvm.flags", "").split("\\s+")));
        gcLog = dataDir.resolve("gc.log");
        command.add("-Xlog:gc:file=" + gcLog + ":utctime");
        command.addAll(launch);
        command.addAll(List.of(
                "--server.port=" + httpPort,
                "--streamgate.kafka.embedded.port=" + kafkaPort,
                "--streamgate.kafka.embedded.controller-port=0",
                "--streamgate.kafka.embedded.data-dir=" + dataDir.resolve("kafka"),
                "--streamgate.pipeline.checkpoint-dir=" + dataDir.resolve("checkpoints"),
                "--streamgate.pipeline.archive.path=" + dataDir.resolve("archive"),
                "--streamgate.spark.ui-enabled=false",
                // A batch's rows in one rows event (the service's default sends its newest 100), so that
                // RowsEventLatency times every record of a micro-batch at 1,000 rec/s, not its newest.
                "--streamgate.live.rows-per-event=5000"));
        command.addAll(extraArgs);
        command.removeIf(String::isBlank);
        Files.createDirectories(dataDir);
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("service.log").toFile());
        String arenas = System.getProperty("streamgate.malloc.arenas", ""); // the pom's; empty: glibc's own
        if (!arenas.isBlank()) {
            builder.environment().put("MALLOC_ARENA_MAX", arenas);
        }
        process = builder.start();
        api = new Api(httpPort);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited; see " + dataDir.resolve("service.log"));
            }
            try {
                if (api.get("/actuator/health").status() == 200) {
                    break;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        startup = Duration.ofNanos(System.nanoTime() - start);
    }

    int port() {
        return httpPort;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** From now on, the service's CPU time: see {@link CpuWindow}. */
    CpuWindow cpuWindow() {
        return CpuWindow.over(process.pid());
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory of the service process, from /proc (Linux). */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Ends the service as a crash would: SIGKILL, no shutdown hook, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
