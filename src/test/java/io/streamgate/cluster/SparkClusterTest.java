package io.streamgate.cluster;

import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import io.streamgate.Api;
import io.streamgate.JavaProcess;
import io.streamgate.RunningApp;
import io.streamgate.TopicRecords;
import io.streamgate.kafka.EmbeddedKafkaBroker;
import io.streamgate.kafka.KafkaCluster;
import io.streamgate.kafka.KafkaListeners;
import io.streamgate.kafka.TestCertificates;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The app as the driver of a real Spark standalone cluster: a master and a worker in JVMs of their own,
 * started from Spark's jars, the worker with none of the app's classes and none of the Kafka source's.
 * The worker runs in a mount namespace where the app's private data folder is an empty tmpfs, as
 * another machine would see it; the folder the app and the workers share lies outside it.
 */
@Tag(IntegrationTest.OWN_JVM)
@ExtendWith(OutputCaptureExtension.class)
class SparkClusterTest {

    /** The master's, workers' and executors' logs, kept after the run. */
    private static final Path LOGS = Path.of("target", "test-logs", "spark-cluster");

    @TempDir
    static Path dir;

    static Path privateData;
    static Path shared;
    static KafkaCluster kafka;
    static SparkStandalone cluster;

    @BeforeAll
    static void startKafkaAndTheCluster() {
        assumeThat(System.getProperty("user.name")).as("a worker in its own mount namespace needs root").isEqualTo("root");
        privateData = dir.resolve("app-private");
        shared = dir.resolve("shared");
        createDirectories(privateData); // the worker's mount point
        FileSystemUtils.deleteRecursively(LOGS.toFile());
        kafka = KafkaCluster.start(dir.resolve("kafka"), 1);
        cluster = new SparkStandalone(LOGS.resolve("cluster")).startMaster();
        cluster.startWorker(2, "1g", privateData);
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyFeatureWorksOnTheClusterAsOnALocalMaster(CapturedOutput output) throws Exception {
        Path data = shared.resolve("features");
        Map<String, String> settings = onTheCluster(cluster, Map.of(
                "streamgate.pipeline.restart.initial-backoff", "300ms", "streamgate.pipeline.restart.max-backoff", "1s"));
        String archive;
        try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), data, settings)) {
            awaitReady(app.api);
            assertThat(app.api.get("/actuator/health").json().get("components").get("spark").get("details")
                    .get("master").asString()).isEqualTo(cluster.masterUrl());
            assertThat(app.api.postJson("/messages/batch", batch("{\"key\": \"text\", \"value\": \"not json\"},"
                    + " {\"key\": \"typo\", \"value\": {\"id\": \"x\", \"name\": \"y\"}}", 20)).status()).isEqualTo(200);
            Api.Response started = app.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}");
            assertThat(started.status()).as(started.toString()).isEqualTo(200);

            // Results, with the reasons of the invalid rows.
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(app.api.get("/queries/results?limit=100").json().size()).isEqualTo(22));
            JsonNode typo = app.api.get("/queries/results?key=typo").json().get(0);
            assertThat(typo.get("validationError").asString()).isEqualTo("field 'id' is not of type BIGINT");
            // The console table, printed by the driver (after the batch's rows reach the results).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(output.getOut()).contains("Batch: 0 (newest first)", "{\"id\":19,\"name\":\"n\"}"));
            // Dead letters, with the reason in a header.
            List<ConsumerRecord<String, String>> deadLetters = TopicRecords.readAll(kafka(), "testTopic.DLT", 2);
            assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("text", "typo");
            assertThat(new String(deadLetters.get(0).headers().lastHeader("streamgate.validation.error").value(),
                    StandardCharsets.UTF_8)).isNotBlank();
            // Metrics from Spark's progress events.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(count(app.api, "streamgate.query.rows")).isEqualTo(22.0));
            assertThat(count(app.api, "streamgate.query.invalid.rows")).isEqualTo(2.0);
            // The archive, its part files written by the executor into the shared folder.
            archive = app.api.get("/queries/status").json().get("archive").get("path").asString();
            awaitArchived(app, archive, 22);
            // Real-time mode needs the executors in the app's JVM: refused with the reason.
            app.api.post("/queries/stop");
            Api.Response realTime = app.api.postJson("/queries/start", "{\"mode\": \"real-time\"}");
            assertThat(realTime.status()).as(realTime.toString()).isEqualTo(400);
            assertThat(realTime.json().get("detail").asString()).contains("local Spark master");

            // Restarts with backoff: a broken offset log fails the resumed query until it is repaired.
            Path offsets = data.resolve("checkpoints/streamgate/results/offsets");
            Path broken = offsets.resolve(String.valueOf(lastBatch(offsets) + 1));
            Files.writeString(broken, "v1\n{not json");
            assertThat(app.api.post("/queries/start").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(app.api.get("/queries/status").json().get("restarts").get("count").asInt()).isPositive());
            Files.delete(broken);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(app.api.get("/queries/status").json().get("state").asString()).isEqualTo("RUNNING"));
        }

        // Resumed after an app restart, from the checkpoint on the shared folder, with what came meanwhile.
        produce(100, 110);
        try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), data, settings)) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(app.api.get("/queries/status").json().get("state").asString()).isEqualTo("RUNNING"));
            assertThat(app.api.get("/queries/status").json().get("archive").get("path").asString()).isEqualTo(archive);
            awaitArchived(app, archive, 32);
        }
    }

    /**
     * SASL_SSL with SCRAM-SHA-512, its trust store a {@code spring.kafka.ssl.*} file in the app's private
     * folder, which the worker cannot see: the executors read the topic and write the dead letters with
     * what the Kafka options carry (the JAAS config, the CA's certificate as PEM).
     */
    @Test
    void aSaslSslKafkaIsReadAndWrittenByExecutorsThatCannotSeeItsTrustStore() throws Exception {
        String password = "cluster-store-secret";
        TestCertificates certificates = TestCertificates.make(privateData.resolve("certificates"), password);
        KafkaListeners.Secured listeners = new KafkaListeners.Secured(certificates, Map.of("alice", "alice-secret"));
        Map<String, String> settings = new HashMap<>(onTheCluster(cluster, Map.of()));
        settings.put("spring.kafka.security.protocol", "SASL_SSL");
        settings.put("spring.kafka.ssl.trust-store-location", certificates.trustStore().toUri().toString());
        settings.put("spring.kafka.ssl.trust-store-password", password);
        settings.put("spring.kafka.ssl.trust-store-type", "PKCS12");
        settings.put("spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
        settings.put("spring.kafka.properties.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required username=\"alice\" password=\"alice-secret\";");
        try (KafkaCluster secured = KafkaCluster.start(dir.resolve("secured-kafka"), 1, listeners);
             RunningApp app = RunningApp.start(secured.bootstrapServers(KafkaListeners.Secured.SASL_SSL),
                     shared.resolve("secured"), settings)) {
            awaitReady(app.api);
            assertThat(app.api.postJson("/messages/batch", batch("{\"key\": \"text\", \"value\": \"not json\"}", 10))
                    .status()).isEqualTo(200);
            Api.Response started = app.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}");
            assertThat(started.status()).as(started.toString()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(app.api.get("/queries/results?limit=100").json().size()).isEqualTo(11));
            Map<String, Object> testClient = new HashMap<>(listeners.adminClient());
            testClient.put("bootstrap.servers", secured.bootstrapServers(KafkaListeners.Secured.MUTUAL_TLS));
            assertThat(TopicRecords.readAll(testClient, "testTopic.DLT", 1)).extracting(ConsumerRecord::key)
                    .containsExactly("text");
            awaitArchived(app, app.api.get("/queries/status").json().get("archive").get("path").asString(), 11);
            assertThat(Files.readString(Path.of("/proc", String.valueOf(workerPid()), "mountinfo")))
                    .as("the worker sees an empty tmpfs over the folder of the trust store")
                    .contains(privateData.toAbsolutePath() + " rw");
        }
    }

    @Test
    void localPathsTheWorkersCannotSeeAreRefused() throws Exception {
        String mounts = Files.readString(Path.of("/proc", String.valueOf(workerPid()), "mountinfo"));
        assertThat(mounts).as("the worker sees an empty tmpfs over the app's private folder")
                .contains(privateData.toAbsolutePath() + " rw").contains("tmpfs");

        Map<String, String> settings = new HashMap<>(onTheCluster(cluster, Map.of()));
        settings.remove("streamgate.pipeline.shared-storage");
        try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), privateData, settings)) {
            awaitReady(app.api);
            Api.Response refused = app.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.json().get("detail").asString())
                    .contains(privateData.resolve("checkpoints").toUri().toString(), "archive.path", "shared-storage=true");
            assertThat(app.api.get("/queries/status").json().get("state").asString()).isEqualTo("NOT_STARTED");
        }
    }

    @Test
    void aLostWorkerIsReplacedAndTheArchiveHoldsEveryRecordOnce() throws Exception {
        Path data = shared.resolve("worker-loss");
        int records = 3000;
        try (SparkStandalone own = new SparkStandalone(LOGS.resolve("worker-loss")).startMaster()) {
            JavaProcess worker = own.startWorker(2, "1g", privateData);
            try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), data, onTheCluster(own, Map.of(
                    "streamgate.kafka.topic.name", "workerLoss", "streamgate.pipeline.archive.trigger", "1s")))) {
                awaitReady(app.api);
                assertThat(app.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
                AtomicInteger sent = new AtomicInteger();
                CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produceSlowly("workerLoss", records, sent));
                String archive = app.api.get("/queries/status").json().get("archive").get("path").asString();
                await().atMost(Duration.ofSeconds(90)).until(() -> sent.get() > records / 5 && archivedBatch(app.api) >= 1);

                worker.kill(); // its executor goes with it (the executor exits when it loses its worker)
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(sparkHealth(app.api).get("details").get("executors").asInt()).isZero());
                assertThat(app.api.get("/actuator/health/readiness").status()).isEqualTo(503);
                own.startWorker(2, "1g", privateData);

                producing.get();
                awaitArchived(app, archive, records);
                List<Row> ids = app.bean(SparkConnection.class).session().read().json(archive)
                        .select(get_json_object(col("value"), "$.id").cast("int")).collectAsList();
                Set<Integer> distinct = new HashSet<>();
                ids.forEach(row -> distinct.add(row.getInt(0)));
                assertThat(ids).hasSize(records);
                assertThat(distinct).hasSize(records);
                assertThat(app.api.get("/queries/status").json().get("state").asString()).isEqualTo("RUNNING");
            }
        }
    }

    @Test
    void theAppServesWithoutAMasterAndConnectsWhenOneComes() {
        try (SparkStandalone later = new SparkStandalone(LOGS.resolve("later"));
             RunningApp app = RunningApp.start(kafka.bootstrapServers(), shared.resolve("later"), onTheCluster(later, Map.of()))) {
            JsonNode spark = sparkHealth(app.api);
            assertThat(spark.get("status").asString()).isEqualTo("DOWN");
            assertThat(spark.get("details").get("state").asString()).isEqualTo("CONNECTING");
            assertThat(spark.get("details").get("lastFailure").asString()).contains("Cannot reach the Spark master");
            assertThat(app.api.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(app.api.get("/actuator/health/liveness").status()).isEqualTo(200);
            Api.Response refused = app.api.post("/queries/start");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.json().get("detail").asString()).contains(later.masterUrl());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(sparkHealth(app.api).get("details").get("failedAttempts").asInt()).isGreaterThan(1));

            later.startMaster();
            later.startWorker(2, "1g", null);

            awaitReady(app.api);
            assertThat(app.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void theAppServesWhileTheClusterRefusesIt() {
        try (SparkStandalone refusing = new SparkStandalone(LOGS.resolve("refusing")).startMaster()) {
            createDirectories(dir.resolve("empty-spark-home"));
            refusing.startBrokenWorker(dir.resolve("empty-spark-home"));
            try (RunningApp app = RunningApp.start(kafka.bootstrapServers(), shared.resolve("refused"), onTheCluster(refusing,
                    Map.of("streamgate.spark.reconnect.initial-backoff", "5s")))) {
                assertThat(sparkHealth(app.api).get("status").asString()).isEqualTo("DOWN");
                assertThat(app.api.post("/queries/start").status()).isEqualTo(503);
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    JsonNode spark = sparkHealth(app.api);
                    assertThat(spark.get("status").asString()).isEqualTo("DOWN");
                    assertThat(spark.get("details").toString()).contains("Spark stopped the application");
                });
                assertThat(app.api.get("/actuator/health/readiness").status()).isEqualTo(503);
                Api.Response refused = app.api.post("/queries/start");
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                assertThat(refused.isProblem()).isTrue();
            }
        }
    }

    /**
     * The packaged app, as users run it: the executable jar, and the layers the Docker image runs from. Either
     * way the executors get the app's classes (the archive's file system) and the Kafka source's jars.
     */
    @ParameterizedTest
    @ValueSource(strings = {"java -jar", "extracted layers"})
    void thePackagedAppShipsWhatTheExecutorsNeed(String launch) throws Exception {
        Path jar = packagedJar();
        Path data = shared.resolve(launch.replace(' ', '-'));
        int port = EmbeddedKafkaBroker.freePort("127.0.0.1");
        List<String> javaArgs = new ArrayList<>(List.of("-Xmx768m"));
        if (launch.equals("java -jar")) {
            javaArgs.addAll(List.of("-jar", jar.toString())); // the jar's manifest opens what Spark needs
        } else {
            Path layers = dir.resolve("layers");
            JavaProcess extract = JavaProcess.start(List.of(), List.of("-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--launcher", "--destination", layers.toString()), Map.of(), LOGS.resolve("extract.log"));
            await().atMost(Duration.ofSeconds(120)).until(() -> !extract.isAlive());
            javaArgs.addAll(SparkHome.JVM_FLAGS); // as the Dockerfile passes them
            javaArgs.addAll(List.of("-cp", layers.toString(), "org.springframework.boot.loader.launch.JarLauncher"));
        }
        javaArgs.addAll(List.of("--server.port=" + port, "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--streamgate.spark.ui-enabled=false", "--streamgate.kafka.topic.name=" + launch.replace(' ', '-'),
                "--streamgate.pipeline.checkpoint-dir=" + data.resolve("checkpoints"),
                "--streamgate.pipeline.archive.path=" + data.resolve("archive")));
        onTheCluster(cluster, Map.of()).forEach((name, value) -> javaArgs.add("--" + name + "=" + value));

        Path log = LOGS.resolve("packaged-" + launch.replace(' ', '-') + ".log");
        try (JavaProcess app = JavaProcess.start(List.of(), javaArgs, Map.of(), log)) {
            Api api = new Api(port);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() ->
                    assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200));
            assertThat(api.postJson("/messages", "{\"key\": \"packaged\", \"value\": {\"id\": 1, \"name\": \"p\"}}").status())
                    .isEqualTo(200);
            assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                JsonNode status = api.get("/queries/status").json();
                assertThat(status.get("failure").isNull()).as(status.toString()).isTrue();
                assertThat(status.get("archive").get("lastBatchId").isNull()).as("the archive committed a batch").isFalse();
            });
            Path archive = Path.of(URI.create(api.get("/queries/status").json().get("archive").get("path").asString()));
            try (Stream<Path> files = Files.walk(archive)) { // in a folder a day
                assertThat(files.map(file -> file.getFileName().toString()))
                        .as("part files written by the executor").anyMatch(name -> name.startsWith("part-"));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.get("/queries/results?key=packaged").json().toString()).contains("\"valid\":true"));
            assertThat(Files.readString(log)).doesNotContain("ClassNotFoundException", "Cannot find the jar");
        }
    }

    private static Path packagedJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("streamgate-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No packaged jar in target/: this test runs after "
                            + "'package' (failsafe, in ./mvnw verify)"));
        }
    }

    /** The settings of an app whose SparkSession runs on the cluster, its data in a folder every worker sees. */
    static Map<String, String> onTheCluster(SparkStandalone spark, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "streamgate.spark.master", spark.masterUrl(),
                "streamgate.spark.config.spark.driver.host", "127.0.0.1",
                "streamgate.spark.config.spark.executor.memory", "512m",
                "streamgate.spark.reconnect.initial-backoff", "500ms",
                "streamgate.spark.reconnect.max-backoff", "2s",
                "streamgate.pipeline.shared-storage", "true"));
        settings.putAll(extra);
        return settings;
    }

    /** A batch for {@code POST /messages/batch}: the invalid messages given, then {@code valid} records id-0, id-1, … */
    private static String batch(String invalid, int valid) {
        StringBuilder batch = new StringBuilder("[").append(invalid);
        for (int id = 0; id < valid; id++) {
            batch.append(", {\"key\": \"id-").append(id).append("\", \"value\": {\"id\": ").append(id)
                    .append(", \"name\": \"n\"}}");
        }
        return batch.append("]").toString();
    }

    static void awaitReady(Api api) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200));
    }

    private static JsonNode sparkHealth(Api api) {
        return api.get("/actuator/health").json().get("components").get("spark");
    }

    private static void awaitArchived(RunningApp app, String archive, long expected) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            var rows = app.bean(SparkConnection.class).session().read().json(archive);
            assertThat(rows.count()).isEqualTo(expected);
            assertThat(rows.select("partition", "offset").distinct().count()).isEqualTo(expected);
        });
    }

    private static long archivedBatch(Api api) {
        JsonNode archive = api.get("/queries/status").json().get("archive");
        return archive == null || archive.get("lastBatchId").isNull() ? -1 : archive.get("lastBatchId").asLong();
    }

    private static double count(Api api, String meter) {
        return api.get("/actuator/metrics/" + meter).json().get("measurements").get(0).get("value").asDouble();
    }

    private static long lastBatch(Path log) throws Exception {
        try (Stream<Path> files = Files.list(log)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.matches("\\d+"))
                    .mapToLong(Long::parseLong).max().orElseThrow();
        }
    }

    private static long workerPid() throws Exception {
        try (Stream<ProcessHandle> children = ProcessHandle.current().children()) {
            return children.filter(process -> process.info().commandLine().orElse("").contains("deploy.worker.Worker"))
                    .findFirst().orElseThrow().pid();
        }
    }

    private static KafkaConnectionDetails kafka() {
        List<String> servers = List.of(kafka.bootstrapServers().split(","));
        return () -> servers;
    }

    private static void produce(int fromId, int toId) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int id = fromId; id < toId; id++) {
                producer.send(new ProducerRecord<>("testTopic", "id-" + id, "{\"id\": " + id + ", \"name\": \"n\"}")).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** About 600 records a second, so that some arrive before, while and after the worker is lost. */
    private static void produceSlowly(String topic, int records, AtomicInteger sent) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int id = 0; id < records; id++) {
                producer.send(new ProducerRecord<>(topic, "id-" + id, "{\"id\": " + id + ", \"name\": \"r\"}")).get();
                sent.incrementAndGet();
                if (id % 60 == 59) {
                    Thread.sleep(100);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<String, String> producer() {
        return Producers.strings(kafka.bootstrapServers());
    }
}
