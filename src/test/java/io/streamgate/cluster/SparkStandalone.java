package io.streamgate.cluster;

import io.streamgate.Api;
import io.streamgate.JavaProcess;
import io.streamgate.kafka.EmbeddedKafkaBroker;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A Spark standalone cluster on this machine: a master and workers, each its own JVM started from the
 * Spark jars the build resolved ({@link SparkHome}), as {@code start-master.sh} and {@code start-worker.sh}
 * would. A worker can run in a mount namespace of its own with a folder hidden under an empty tmpfs, so
 * that it sees the machine's disk as another machine would: everything but the app's private data.
 */
public final class SparkStandalone implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final Path home = SparkHome.layOut();
    private final Path logs;
    private final int port;
    private final int webUiPort;
    private final List<JavaProcess> workers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private JavaProcess master;
    private int workerCount;

    /** @param logs where each process' log goes */
    public SparkStandalone(Path logs) {
        this.logs = logs;
        this.port = EmbeddedKafkaBroker.freePort(HOST);
        this.webUiPort = EmbeddedKafkaBroker.freePort(HOST);
    }

    public String masterUrl() {
        return "spark://" + HOST + ":" + port;
    }

    /** Starts the master and waits until it answers. */
    public SparkStandalone startMaster() {
        master = JavaProcess.start(List.of(), jvm("org.apache.spark.deploy.master.Master",
                        "--host", HOST, "--port", String.valueOf(port), "--webui-port", String.valueOf(webUiPort)),
                env(home), logs.resolve("master.log"));
        await("the master to answer", () -> masterState() != null);
        return this;
    }

    /**
     * Starts a worker and waits until the master lists it.
     *
     * @param hidden a folder the worker, and the executors it launches, see empty; null for none
     */
    public JavaProcess startWorker(int cores, String memory, Path hidden) {
        return startWorker(cores, memory, hidden, home);
    }

    /**
     * Starts a worker that cannot launch executors, as one of a Spark installation without its
     * {@code jars/} folder: each launch fails with "Cannot find any build directories", and after ten in a
     * row ({@code spark.deploy.maxExecutorRetries}) the master removes the application.
     */
    public JavaProcess startBrokenWorker(Path emptySparkHome) {
        return startWorker(1, "1g", null, emptySparkHome);
    }

    private JavaProcess startWorker(int cores, String memory, Path hidden, Path sparkHome) {
        int alive = aliveWorkers();
        String name = "worker-" + (++workerCount);
        List<String> prefix = hidden == null ? List.of() : List.of("unshare", "--mount", "--propagation", "private",
                "sh", "-c", "mount -t tmpfs tmpfs \"$0\" && exec \"$@\"", hidden.toAbsolutePath().toString());
        JavaProcess worker = JavaProcess.start(prefix, jvm("org.apache.spark.deploy.worker.Worker",
                        "--host", HOST, "--cores", String.valueOf(cores), "--memory", memory,
                        "--webui-port", String.valueOf(EmbeddedKafkaBroker.freePort(HOST)),
                        "--work-dir", logs.resolve(name).toAbsolutePath().toString(), masterUrl()),
                env(sparkHome), logs.resolve(name + ".log"));
        workers.add(worker);
        await("worker " + name + " to register", () -> {
            if (!worker.isAlive()) {
                throw new IllegalStateException("The worker exited; see " + worker.log());
            }
            return aliveWorkers() > alive;
        });
        return worker;
    }

    /** Workers the master counts as alive (it notices a dead one after {@code spark.worker.timeout}, 60 s). */
    public int aliveWorkers() {
        JsonNode state = masterState();
        return state == null ? 0 : state.get("aliveworkers").asInt();
    }

    /** SIGKILL the master, as in a crash. */
    public void killMaster() {
        master.kill();
    }

    @Override
    public void close() {
        workers.forEach(JavaProcess::close);
        if (master != null) {
            master.close();
        }
    }

    private List<String> jvm(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of("-Xmx256m"));
        command.addAll(SparkHome.JVM_FLAGS);
        command.addAll(List.of("-cp", home.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static Map<String, String> env(Path sparkHome) {
        return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13");
    }

    /** The master's own JSON view (its web UI's {@code /json}): workers, applications; null while it does not answer. */
    private JsonNode masterState() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + webUiPort + "/json/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Api.json(response.body()) : null;
        } catch (JacksonException pageAtRoot) {
            // Spark's web UI listens before it has added all its handlers (WebUI.bind): for a moment the
            // master's page at / answers /json/ too, in HTML.
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Timed out waiting for " + what);
    }
}
