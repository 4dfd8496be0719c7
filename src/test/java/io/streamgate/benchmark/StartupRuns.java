package io.streamgate.benchmark;

import io.streamgate.Api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The service started as users start it: {@code java -jar} on the packaged jar, then on the jar Spring
 * Boot extracts ({@code -Djarmode=tools extract}) with a class data sharing archive made by a training
 * run ({@code -XX:ArchiveClassesAtExit}), as Spring Boot's documentation recommends; and started again
 * after a SIGKILL, until its default query runs. Each start on a data folder of its own, its broker's
 * storage formatted anew, as at a first start.
 */
final class StartupRuns {

    private static final Path TARGET = Path.of("target");

    private final Path out;
    private final List<String> serviceArgs;

    StartupRuns(Path out, List<String> serviceArgs) {
        this.out = out;
        this.serviceArgs = serviceArgs;
    }

    /** The packaged jar, when it is newer than the compiled classes (else it would be another code's). */
    static Optional<Path> packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            Optional<Path> jar = files.filter(file -> file.getFileName().toString().matches("streamgate-.*\\.jar")).findFirst();
            Path classes = TARGET.resolve("classes/io/streamgate/StreamgateApplication.class");
            return jar.filter(found -> found.toFile().lastModified() >= classes.toFile().lastModified());
        }
    }

    /** Seconds from process start to healthy, one start per element. */
    List<Double> starts(String name, List<String> launch, int count) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (ServiceProcess service = new ServiceProcess(out.resolve(name + "-" + i), launch, serviceArgs)) {
                seconds.add(service.startup.toMillis() / 1000.0);
            }
        }
        return seconds;
    }

    /** Spring Boot's extracted layout of the jar, for class data sharing; the jar to launch in it. */
    Path extracted(Path jar) throws Exception {
        Path folder = out.resolve("extracted");
        run(List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", folder.toString()));
        return folder.resolve(jar.getFileName());
    }

    /** A training run: started until healthy, then stopped, the JVM writing the classes it loaded at exit. */
    Path classArchive(Path extractedJar) throws Exception {
        Path archive = out.resolve("streamgate.jsa");
        try (ServiceProcess training = new ServiceProcess(out.resolve("training"),
                List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", extractedJar.toString()), serviceArgs)) {
            training.api.postJson("/queries/start", "{}");
            Thread.sleep(5_000); // the default query's first batches load their classes too
        }
        if (!Files.exists(archive)) {
            throw new IllegalStateException("The training run wrote no class data archive");
        }
        return archive;
    }

    /**
     * Started, its default query run over a few records, SIGKILLed, then started again on the same data:
     * seconds from the second process's start to healthy, and to its default query RUNNING (started by
     * a request when the query was held, as after a kill in the middle of a batch).
     */
    double[] resumeAfterKill(List<String> launch) throws Exception {
        Path data = out.resolve("resume");
        ServiceProcess first = new ServiceProcess(data, launch, serviceArgs);
        int kafkaPort = first.kafkaPort;
        first.api.postJson("/queries/start", "{}");
        for (int i = 0; i < 200; i++) {
            first.api.postJson("/messages", "{\"key\": \"k" + i + "\", \"value\": {\"id\": " + i + "}}");
        }
        Thread.sleep(2_000);
        first.kill();
        long start = System.nanoTime();
        try (ServiceProcess second = new ServiceProcess(data, launch, serviceArgs, kafkaPort)) {
            double healthy = second.startup.toMillis() / 1000.0;
            boolean asked = false;
            while (!"RUNNING".equals(state(second.api))) {
                if (!asked && "FAILED".equals(state(second.api))) {
                    second.api.postJson("/queries/start", "{}");
                    asked = true;
                }
                Thread.sleep(20);
                if (System.nanoTime() - start > Duration.ofMinutes(2).toNanos()) {
                    throw new IllegalStateException("The default query did not run again: " + state(second.api));
                }
            }
            return new double[] {healthy, (System.nanoTime() - start) / 1e9, asked ? 1 : 0};
        }
    }

    private static String state(Api api) {
        return api.get("/queries/status").json().path("state").asString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("Failed: " + String.join(" ", command));
        }
    }
}
