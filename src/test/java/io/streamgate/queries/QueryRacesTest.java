package io.streamgate.queries;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.Arrays;
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

/** Many clients start and stop at once: one run at most, every answer true to the state it reports. */
@IntegrationTest
class QueryRacesTest {

    private static final int CLIENTS = 8;
    private static final int REQUESTS_EACH = 6;

    @LocalServerPort
    int port;

    @Autowired
    SparkConnection spark;

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
}
