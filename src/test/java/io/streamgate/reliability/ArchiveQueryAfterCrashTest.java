package io.streamgate.reliability;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import io.streamgate.ServiceJvm;
import io.streamgate.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SQL over the archive after the service is killed (SIGKILL) while it archives, started again on the
 * same folders, and then started afresh into a second generation: a key lookup, a count and a day are
 * exactly right across both generations, with no record twice and none missing.
 */
@Tag(IntegrationTest.OWN_JVM)
class ArchiveQueryAfterCrashTest {

    /** Midnight (UTC) five days ago: within the broker's retention (7 days), which deletes older records. */
    private static final long DAY_ONE = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(5)).toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final int BEFORE_CRASH = 200;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the services' logs stay when it fails
    Path data;

    @Test
    void aKeyACountAndADayAreExactAcrossACrashAndTwoGenerations() throws Exception {
        int kafkaPort = EmbeddedKafkaBroker.freePort("127.0.0.1");
        String bootstrap = "127.0.0.1:" + kafkaPort;
        // Ten records a batch: the backlog takes twenty batches, and the kill lands among them.
        List<String> settings = List.of("--streamgate.pipeline.trigger=200 ms", "--streamgate.pipeline.max-offsets-per-trigger=10");
        try (ServiceJvm first = ServiceJvm.start(data, kafkaPort, "first.log", List.of("-Xmx1g"), settings)) {
            produce(bootstrap, 0, BEFORE_CRASH); // day one and day two, ten a key
            assertThat(first.api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> count(first.api, "") >= 40);
            first.process.kill();
        }

        try (ServiceJvm second = ServiceJvm.start(data, kafkaPort, "second.log", List.of("-Xmx1g"), settings)) {
            // Killed in a batch, the query is held rather than resumed (the batch may have ended the JVM);
            // a start without startingOffsets goes on from its checkpoint.
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    !second.api.get("/queries/status").json().get("state").asString().equals("NOT_STARTED"));
            if (!second.api.get("/queries/status").json().get("state").asString().equals("RUNNING")) {
                assertThat(second.api.postJson("/queries/start", "{}").status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> count(second.api, "") == BEFORE_CRASH);
            String firstGeneration = rows(second.api, "SELECT DISTINCT generation FROM archive").get(0).get("generation").asString();

            // A fresh start begins a second generation; day three.
            assertThat(second.api.post("/queries/stop").status()).isEqualTo(200);
            assertThat(second.api.postJson("/queries/start", "{\"startingOffsets\": \"latest\"}").status()).isEqualTo(200);
            produce(bootstrap, BEFORE_CRASH, BEFORE_CRASH + 100);
            await().atMost(Duration.ofSeconds(90)).until(() -> count(second.api, "") == BEFORE_CRASH + 100);

            JsonNode totals = rows(second.api, "SELECT count(*) AS n, count(DISTINCT partition, offset) AS records, "
                    + "count(DISTINCT generation) AS generations FROM archive").get(0);
            assertThat(totals.get("n").asLong()).as("no record twice").isEqualTo(totals.get("records").asLong()).isEqualTo(300);
            assertThat(totals.get("generations").asInt()).isEqualTo(2);

            List<JsonNode> key = rows(second.api, "SELECT fields.id AS id, generation FROM archive WHERE key = 'k-7' ORDER BY id");
            assertThat(key).extracting(row -> row.get("id").asInt()).containsExactly(7, 107, 207);
            assertThat(key).extracting(row -> row.get("generation").asString().equals(firstGeneration))
                    .containsExactly(true, true, false);

            assertThat(count(second.api, " WHERE timestamp >= TIMESTAMP'" + day(1) + " 00:00:00Z' AND timestamp < TIMESTAMP'" + day(2) + " 00:00:00Z'"))
                    .isEqualTo(100);
            assertThat(count(second.api, " WHERE date = DATE'" + day(2) + "'")).isEqualTo(100);
            assertThat(count(second.api, " WHERE date = DATE'" + day(0) + "' AND NOT valid")).isEqualTo(10);
        }
    }

    /** Ids from..to-1: key k-(id % 100), day by hundreds, every tenth invalid (no name). */
    private static void produce(String bootstrap, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = Producers.strings(bootstrap)) {
            for (int id = from; id < to; id++) {
                String value = id % 10 == 9 ? "{\"id\": " + id + "}" : "{\"id\": " + id + ", \"name\": \"n\"}";
                producer.send(new ProducerRecord<>("testTopic", null, DAY_ONE + (id / 100) * DAY + id, "k-" + (id % 100), value)).get();
            }
        }
    }

    /** The day {@code n} days after the first, as Spark writes a date: yyyy-MM-dd. */
    private static String day(int n) {
        return Instant.ofEpochMilli(DAY_ONE + n * DAY).toString().substring(0, 10);
    }

    private static long count(Api api, String where) {
        return rows(api, "SELECT count(*) AS n FROM archive" + where).get(0).get("n").asLong();
    }

    private static List<JsonNode> rows(Api api, String sql) {
        Api.Response answer = api.postJson("/archive/query", "{\"sql\": " + Api.toJson(sql) + "}");
        assertThat(answer.status()).as(sql + " → " + answer).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        answer.json().get("rows").forEach(rows::add);
        return rows;
    }
}
