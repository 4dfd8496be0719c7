package io.streamgate.queries;

import io.streamgate.Api;
import io.streamgate.EventStreamClient;
import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import io.streamgate.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a query keeps up, in its status, against the real broker and a real SparkSession: its lag behind
 * its topic while it works through a backlog in small batches, and the rows its window drops as late.
 */
@IntegrationTest
// Small batches: a backlog of 10,000 records takes 20 of them, long enough to see the lag fall.
// A lag that grows for 3 s is behind here (a minute by default).
@TestPropertySource(properties = {"streamgate.pipeline.trigger=200 ms", "streamgate.pipeline.max-offsets-per-trigger=500",
        "streamgate.queries.behind-after=3s"})
class QueryFlowTest {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    Topics topics;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void deleteQueries() {
        api.deleteUserQueries();
    }

    @Test
    void aQueryStartedBehindABacklogShowsItsLagPerPartitionFallingToZero() {
        topics.createIfMissing("flow-backlog");
        Api.Response created = api.putJson("/queries/backlog", """
                {"sql": "SELECT key FROM events", "topic": "flow-backlog", "startingOffsets": "earliest"}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(api.post("/queries/backlog/start").status()).isEqualTo(200);
        assertThat(api.post("/queries/backlog/stop").status()).isEqualTo(200);
        produce("flow-backlog", 10_000, System.currentTimeMillis());

        assertThat(api.post("/queries/backlog/start").status()).isEqualTo(200);
        List<Long> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode flow = api.get("/queries/backlog").json().at("/status/flow");
            JsonNode lag = flow.path("lag");
            if (lag.has("records")) {
                seen.add(lag.get("records").asLong());
                assertThat(flow.get("behind").asBoolean()).as("a backlog drained is not behind").isFalse();
            }
            assertThat(seen).as("a lag seen above 0, then 0").anyMatch(records -> records > 0);
            assertThat(lag.get("records").asLong()).isZero();
        });
        JsonNode partition = api.get("/queries/backlog").json().at("/status/flow/lag/partitions/0");
        assertThat(partition.get("topic").asString()).isEqualTo("flow-backlog");
        assertThat(partition.get("offset").asLong()).isEqualTo(partition.get("latest").asLong()).isEqualTo(10_000);
        assertThat(seen.stream().filter(records -> records > 0).toList()).as("falling, batch after batch")
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(api.get("/actuator/prometheus").body()).contains("streamgate_query_lag_records{query=\"backlog\"} 0.0");
    }

    /**
     * Produced faster than 500 records a batch can take: the lag grows, and after 3 s the query is behind.
     * At 2,000 records every 100 ms at most, a fast producer cannot put more behind it than the query
     * catches up with in the time it is given.
     */
    @Test
    void aQueryWhoseLagKeepsGrowingIsBehindInItsStatusAndHealthUntilItCatchesUp() throws Exception {
        topics.createIfMissing("flow-behind");
        Api.Response created = api.putJson("/queries/slow", """
                {"sql": "SELECT key FROM events", "topic": "flow-behind", "startingOffsets": "latest"}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(api.post("/queries/slow/start").status()).isEqualTo(200);
        java.util.concurrent.atomic.AtomicBoolean producing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (producing.get() && System.nanoTime() < until) {
                produce("flow-behind", 2000, System.currentTimeMillis());
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        });
        producer.start();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode flow = api.get("/queries/slow").json().at("/status/flow");
                assertThat(flow.get("behind").asBoolean()).as(flow.toString()).isTrue();
                assertThat(Instant.parse(flow.get("behindSince").asString())).isBefore(Instant.now());
                assertThat(api.get("/actuator/health").json().at("/components/streamingQuery/components/slow/details/behindSince")
                        .isString()).isTrue();
            });
        } finally {
            producing.set(false);
            producer.join();
        }
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            JsonNode flow = api.get("/queries/slow").json().at("/status/flow");
            assertThat(flow.at("/lag/records").asLong()).as("caught up").isZero();
            assertThat(flow.get("behind").asBoolean()).isFalse();
        });
    }

    @Test
    void recordsBehindAWindowsWatermarkAreCountedAsLate() throws Exception {
        topics.createIfMissing("flow-late");
        Api.Response created = api.putJson("/queries/windows", """
                {"sql": "SELECT window(timestamp, '10 seconds') AS window, count(*) AS n FROM events GROUP BY window(timestamp, '10 seconds')",
                 "topic": "flow-late", "watermark": "10 seconds", "startingOffsets": "earliest"}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(api.post("/queries/windows/start").status()).isEqualTo(200);
        List<JsonNode> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventStreamClient events = EventStreamClient.open(java.net.http.HttpClient.newHttpClient(),
                java.net.URI.create("http://127.0.0.1:" + port + "/queries/windows/events"), null, event -> {
                    if (event.name().equals("progress")) {
                        progress.add(event.json());
                    }
                });
        long now = System.currentTimeMillis();
        produce("flow-late", 5, now);
        // Spark reports the epoch until a batch with event times has moved the watermark
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode watermark = api.get("/queries/windows").json().at("/status/flow/watermark");
            return watermark.isString() && Instant.parse(watermark.asString()).isAfter(Instant.ofEpochMilli(now - 60_000));
        });

        // An hour old each, one window apart: each its own group, each dropped behind the watermark.
        try (KafkaProducer<String, String> producer = Producers.strings(String.join(",", kafka.getBootstrapServers()))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("flow-late", null, now - 3_600_000 - i * 10_000L, "late-" + i,
                        "{\"id\": " + i + ", \"name\": \"n\"}"));
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get("/queries/windows").json().at("/status/flow/lateRows/total").asLong()).isEqualTo(3));
        // The live progress events carry the same figures, as each batch ends.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(progress)
                .anySatisfy(event -> {
                    assertThat(event.at("/flow/lateRows/total").asLong()).isEqualTo(3);
                    assertThat(event.at("/flow/lag/records").isNumber()).isTrue();
                    assertThat(event.at("/flow/state/rows").asLong()).isPositive();
                }));
        events.close();
        JsonNode flow = api.get("/queries/windows").json().at("/status/flow");
        assertThat(flow.at("/state/rows").asLong()).isPositive();
        assertThat(api.get("/actuator/prometheus").body()).contains(
                "streamgate_query_late_rows_total{query=\"windows\"} 3.0",
                "streamgate_query_state_rows{query=\"windows\"} " + flow.at("/state/rows").asLong() + ".0");
    }

    private void produce(String topic, int records, long timestamp) {
        try (KafkaProducer<String, String> producer = Producers.strings(String.join(",", kafka.getBootstrapServers()))) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, null, timestamp, "k" + i, "{\"id\": " + i + ", \"name\": \"n\"}"));
            }
            producer.flush();
        }
    }
}
