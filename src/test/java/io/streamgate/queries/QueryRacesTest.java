package io.streamgate.queries;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Many clients start and stop at once: one run at most, every answer true to the state it reports. */
@IntegrationTest
@TestPropertySource(properties = "streamgate.queries.unregistered-check=1s")
class QueryRacesTest {

    private static final int CLIENTS = 8;
    private static final int REQUESTS_EACH = 6;
    private static final int RACE_ROUNDS = 100;
    private static final int LATEST_ROUNDS = 100;

    @LocalServerPort
    int port;

    @Autowired
    SparkConnection spark;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    QueryPlanner planner;

    @Test
    void concurrentStartsAndStopsNeverLeaveMoreThanOneRun() throws Exception {
        Api api = new Api(port);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicBoolean storming = new AtomicBoolean(true);
        AtomicInteger looks = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            try {
                while (storming.get()) {
                    StreamingQuery[] active = spark.session().streams().active();
                    Set<String> names = Arrays.stream(active).map(StreamingQuery::name).collect(Collectors.toSet());
                    if (active.length > 1 || names.size() != active.length) { // one query, which writes the archive too
                        violations.add("active queries: " + names + " (" + active.length + ")");
                    }
                    looks.incrementAndGet();
                    Thread.onSpinWait();
                }
            } catch (Throwable e) {
                violations.add("the watcher stopped watching: " + e); // else the test would pass unwatched
            }
        });
        watcher.start();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> answers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            answers.add(clients.submit(() -> {
                go.await();
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < REQUESTS_EACH; i++) {
                    boolean start = ThreadLocalRandom.current().nextBoolean();
                    Api.Response response = start ? api.post("/queries/start") : api.post("/queries/stop");
                    String state = response.json().get("state").asString();
                    seen.add((start ? "start " : "stop ") + response.status() + " " + state);
                }
                return seen;
            }));
        }
        go.countDown();
        List<String> all = new ArrayList<>();
        for (Future<List<String>> answer : answers) {
            all.addAll(answer.get());
        }
        clients.shutdown();
        storming.set(false);
        watcher.join();

        assertThat(violations).isEmpty();
        assertThat(looks.get()).as("times the watcher looked at Spark's active queries").isPositive();
        // A 200 start reports RUNNING, a 200 stop STOPPED; a 409 start found it RUNNING, a 409 stop found it not.
        assertThat(all).allSatisfy(answer -> assertThat(answer).isIn(
                "start 200 RUNNING", "stop 200 STOPPED", "start 409 RUNNING",
                "stop 409 STOPPED", "stop 409 NOT_STARTED"));
        assertThat(all).contains("start 200 RUNNING");

        String finalState = api.get("/queries/status").json().get("state").asString();
        int active = spark.session().streams().active().length;
        if (finalState.equals("RUNNING")) {
            assertThat(active).isEqualTo(1);
            assertThat(api.post("/queries/stop").status()).isEqualTo(200);
        }
        assertThat(spark.session().streams().active()).isEmpty();
    }

    /**
     * The race that left a run the API could not see: a DELETE, then up to 100 ms later a start and a PUT
     * of the same name at once. After every round Spark's active queries are exactly the runs the API
     * shows, and a query the API shows has its definition on disk (a DELETE in flight must not remove the
     * files of the definition that follows it).
     */
    @Test
    void deleteThenStartAndPutAtOnceNeverLeaveARunTheApiCannotSee() throws Exception {
        Api api = new Api(port);
        String definition = "{\"sql\": \"SELECT key FROM events\", \"startingOffsets\": \"earliest\"}";
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<String> answers = new ArrayList<>();
        try {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                if (api.get("/queries/racer").status() == 404) {
                    assertThat(api.putJson("/queries/racer", definition).status()).isEqualTo(201);
                }
                api.post("/queries/racer/start");
                Future<Api.Response> delete = clients.submit(() -> api.delete("/queries/racer"));
                Thread.sleep(round % 11 * 10); // 0 to 100 ms: the DELETE's stop, its removal, its files

                CountDownLatch go = new CountDownLatch(1);
                Future<Api.Response> start = clients.submit(() -> {
                    go.await();
                    return api.post("/queries/racer/start");
                });
                Future<Api.Response> put = clients.submit(() -> {
                    go.await();
                    return api.putJson("/queries/racer", definition);
                });
                go.countDown();
                answers.add("delete " + delete.get().status() + ", start " + start.get().status()
                        + ", put " + put.get().status());
                assertSparkRunsWhatTheApiShows(api, "round " + round + " (" + answers.get(round) + ")");
                if (api.get("/queries/racer").status() == 200) {
                    assertThat(Path.of(planner.queryDir("racer")).resolve("query.json"))
                            .as("a query the API shows has its definition on disk, round " + round).exists();
                }
            }
        } finally {
            clients.shutdown();
            api.delete("/queries/racer");
        }
        assertThat(answers).allSatisfy(answer -> assertThat(answer).doesNotContain(" 5"));
        assertThat(spark.session().streams().active()).isEmpty();
    }

    /** A query started on Spark behind the service's back is found and stopped, and health says so. */
    @Test
    void aSparkQueryTheServiceDidNotStartIsStoppedAndShownInHealth() throws Exception {
        Api api = new Api(port);
        long before = api.get("/actuator/health").json().at("/components/unregisteredQueries/details/stopped").asLong();
        StreamingQuery stray = spark.session().readStream().format("rate").load().writeStream().format("noop")
                .queryName("stray").start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !stray.isActive());
        // Counted once its stop has returned, a moment after Spark shows the query inactive.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/actuator/health").json().at("/components/unregisteredQueries/details/stopped").asLong() > before);
        JsonNode unregistered = api.get("/actuator/health").json().at("/components/unregisteredQueries");
        assertThat(unregistered.get("status").asString()).isEqualTo("UP");
        assertThat(unregistered.at("/details/stopped").asLong()).isEqualTo(before + 1);
        assertThat(unregistered.at("/details/lastStopped/name").asString()).isEqualTo("stray");
        assertThat(unregistered.at("/details/lastStopped/runId").asString()).isEqualTo(stray.runId().toString());
    }

    /**
     * "latest" is the end of the topic when the start answers: records produced the moment it has answered
     * are read, however late Spark plans its first batch. Each round is a fresh start (startingOffsets given).
     */
    @Test
    void aRecordProducedRightAfterALatestStartAnswersIsReadEveryTime() throws Exception {
        Api api = new Api(port);
        try (KafkaProducer<String, String> producer = Producers.strings(String.join(",", kafka.getBootstrapServers()))) {
            for (int round = 0; round < LATEST_ROUNDS; round++) {
                Api.Response started = api.postJson("/queries/start", "{\"startingOffsets\": \"latest\", \"trigger\": \"0 ms\"}");
                assertThat(started.status()).as(started.toString()).isEqualTo(200);
                String key = "right-after-" + round;
                producer.send(new ProducerRecord<>("testTopic", key, "{\"id\": " + round + ", \"name\": \"n\"}")).get();
                int seen = round;
                await("round " + seen).atMost(Duration.ofSeconds(30))
                        .until(() -> api.get("/queries/results?key=" + key).json().size() == 1);
                assertThat(api.post("/queries/stop").status()).isEqualTo(200);
            }
        }
    }

    private void assertSparkRunsWhatTheApiShows(Api api, String when) {
        Set<String> sparkRuns = Arrays.stream(spark.session().streams().active())
                .map(query -> query.runId().toString()).collect(Collectors.toSet());
        Set<String> apiRuns = new HashSet<>();
        for (JsonNode query : api.get("/queries").json()) {
            if (query.at("/status/state").asString().equals("RUNNING")) {
                apiRuns.add(query.at("/status/runId").asString());
            }
        }
        assertThat(sparkRuns).as(when).isEqualTo(apiRuns);
    }
}
