package io.streamgate.queries;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import io.streamgate.kafka.Topics;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Users' SQL queries over REST, against the real broker and a real SparkSession: defined, started,
 * read, replaced, refused and deleted. Each test reads a topic of its own.
 */
@IntegrationTest
// Results of 5 rows: a batch of more goes to the output topic from Spark's tasks, a smaller one from the driver.
@TestPropertySource(properties = {"streamgate.queries.max-running=3", "streamgate.pipeline.trigger=200 ms",
        "streamgate.pipeline.results.capacity=5"})
class UserQueriesTest {

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    Topics topics;

    @Autowired
    QueryPlanner planner;

    @Autowired
    SparkConnection spark;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void deleteUserQueries() {
        api.post("/queries/stop");
        api.deleteUserQueries();
    }

    @Test
    void windowedCountsAndSumsAreExactForKnownInput() {
        String topic = topic("orders-windowed");
        Map<String, Integer> orders = new HashMap<>();
        Map<String, Double> totals = new HashMap<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String name = List.of("widget", "gadget", "gizmo").get(i % 3);
            double amount = i * 1.5;
            values.add("{\"id\": " + i + ", \"name\": \"" + name + "\", \"amount\": " + amount + "}");
            orders.merge(name, 1, Integer::sum);
            totals.merge(name, amount, Double::sum);
        }
        values.add("not json");
        values.add("{\"id\": 99}"); // name is NOT NULL: invalid, left out by WHERE valid
        produce(topic, values);

        Api.Response created = api.putJson("/queries/totals", """
                {"sql": "SELECT window(timestamp, '1 minute') AS window, name, count(*) AS orders, sum(amount) AS total FROM events WHERE valid GROUP BY window(timestamp, '1 minute'), name",
                 "topic": "%s", "watermark": "1 minute", "startingOffsets": "earliest"}""".formatted(topic));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode info = created.json();
        assertThat(info.get("definition").get("outputMode").asString()).isEqualTo("update");
        assertThat(info.get("definition").get("topic").asString()).isEqualTo(topic);
        assertThat(info.get("columns").toString()).isEqualTo("[{\"name\":\"window\",\"type\":\"STRUCT<start: TIMESTAMP, end: TIMESTAMP>\"},"
                + "{\"name\":\"name\",\"type\":\"STRING\"},{\"name\":\"orders\",\"type\":\"BIGINT\"},{\"name\":\"total\",\"type\":\"DOUBLE\"}]");
        assertThat(info.get("status").get("state").asString()).isEqualTo("NOT_STARTED");

        Api.Response started = api.post("/queries/totals/start");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().get("state").asString()).isEqualTo("RUNNING");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Integer> seenOrders = new HashMap<>();
            Map<String, Double> seenTotals = new HashMap<>();
            for (JsonNode row : api.get("/queries/totals/results?limit=5").json()) {
                assertThat(row.get("window").get("start").asString()).isNotBlank();
                assertThat(row.get("window").get("end").asString()).isNotBlank();
                seenOrders.merge(row.get("name").asString(), row.get("orders").asInt(), Integer::sum);
                seenTotals.merge(row.get("name").asString(), row.get("total").asDouble(), Double::sum);
            }
            assertThat(seenOrders).isEqualTo(orders);
            assertThat(seenTotals).isEqualTo(totals);
        });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode query = api.get("/queries/totals").json();
            assertThat(query.get("status").get("state").asString()).isEqualTo("RUNNING");
            // results reach the buffer inside the batch, before Spark reports its progress: wait for the report
            JsonNode batchId = query.at("/status/lastProgress/batchId");
            assertThat(batchId.isIntegralNumber()).as(query.toString()).isTrue();
            assertThat(batchId.asLong()).isNotNegative();
        });
        // One group per window and name, in the state store: shown with its bound, as the progress counts it.
        JsonNode status = api.get("/queries/totals").json().get("status");
        long stateRows = 0;
        for (JsonNode operator : status.at("/lastProgress/stateOperators")) {
            stateRows += operator.get("numRowsTotal").asLong();
        }
        assertThat(stateRows).isGreaterThanOrEqualTo(3);
        assertThat(status.at("/stateRows/rows").asLong()).isEqualTo(stateRows);
        assertThat(status.at("/stateRows/max").asLong()).isEqualTo(1_000_000);
        assertThat(api.get("/actuator/prometheus").body()).contains("streamgate_query_rows_total{query=\"totals\"}");
        assertThat(api.get("/actuator/health").json().get("components").get("streamingQuery").get("components")
                .get("totals").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void aFilterWritesItsRowsToAnOutputTopicThatKafkasOwnClientsRead() {
        String topic = topic("orders-filtered");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add("{\"id\": " + i + ", \"name\": \"n" + i + "\", \"amount\": " + i * 10 + "}");
        }
        produce(topic, values.subList(0, 13)); // 11 and 12 pass the filter: a batch smaller than the results

        Api.Response created = api.putJson("/queries/big-orders", """
                {"sql": "SELECT id, upper(name) AS name, amount FROM events WHERE valid AND amount > 100",
                 "topic": "%s", "startingOffsets": "earliest", "outputTopic": "big-orders-out"}""".formatted(topic));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("definition").get("outputMode").asString()).isEqualTo("append");
        assertThat(api.post("/queries/big-orders/start").status()).isEqualTo(200);

        Set<Integer> fromTopic = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                ConsumerConfig.GROUP_ID_CONFIG, "user-queries-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of("big-orders-out"));
            awaitOnTopic(consumer, fromTopic, Set.of(11, 12));
            // The tasks send the rows; the results have them once the batch's job has ended, a moment later.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(ids(api.get("/queries/big-orders/results").json())).isEqualTo(Set.of(11, 12)));

            produce(topic, values.subList(13, 20)); // 7 more: a batch larger than the results
            awaitOnTopic(consumer, fromTopic, Set.of(11, 12, 13, 14, 15, 16, 17, 18, 19));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<Integer> shown = ids(api.get("/queries/big-orders/results").json());
            assertThat(shown).hasSize(5).isSubsetOf(13, 14, 15, 16, 17, 18, 19);
        });
    }

    /**
     * 40 matches in one batch against results of 5: the batch is still read to its end, which is what
     * commits the join's state (a join's rows read only as far as the results keep leave its state store
     * open, and Spark fails the batch: STATE_STORE_UPDATING_AFTER_TASK_COMPLETION), and the query runs on.
     */
    @Test
    void aJoinWithMoreMatchesInABatchThanTheResultsKeepCommitsItsStateAndRunsOn() {
        String topic = topic("orders-self-joined");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            values.add("{\"id\": " + i + ", \"name\": \"n\", \"amount\": 1}");
        }
        produce(topic, values.subList(0, 40));
        Api.Response created = api.putJson("/queries/self-joined", """
                {"sql": "SELECT a.id FROM events a JOIN events b ON a.id = b.id AND b.timestamp BETWEEN a.timestamp AND a.timestamp + INTERVAL 1 MINUTE",
                 "topic": "%s", "watermark": "1 minute", "startingOffsets": "earliest"}""".formatted(topic));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(api.post("/queries/self-joined/start").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ids(api.get("/queries/self-joined/results").json())).hasSize(5).allMatch(id -> id < 40));

        produce(topic, values.subList(40, 80));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ids(api.get("/queries/self-joined/results").json())).hasSize(5).allMatch(id -> id >= 40));
        JsonNode status = api.get("/queries/self-joined").json().get("status");
        assertThat(status.get("state").asString()).isEqualTo("RUNNING");
        assertThat(status.at("/restarts/count").asInt()).as(status.toString()).isZero();
    }

    @Test
    void anOutputThatWouldFeedRowsBackIntoWhatTheyCameFromIsRefusedWithTheLoop() {
        Api.Response self = api.putJson("/queries/echo", "{\"sql\": \"SELECT key FROM events\", \"outputTopic\": \"testTopic\"}");
        assertThat(self.status()).as(self.toString()).isEqualTo(400);
        assertThat(self.json().get("detail").asString()).contains("the query would read its own results");

        Api.Response deadLetters = api.putJson("/queries/to-dlt", "{\"sql\": \"SELECT key FROM events\", \"outputTopic\": \"testTopic.DLT\"}");
        assertThat(deadLetters.status()).as(deadLetters.toString()).isEqualTo(400);
        assertThat(deadLetters.json().get("detail").asString()).contains("dead-letter topic");

        String retried = topic("loop-retried");
        Api.Response retry = api.putJson("/queries/retry", """
                {"sql": "SELECT key, value FROM events", "topic": "testTopic.DLT", "outputTopic": "%s"}""".formatted(retried));
        assertThat(retry.status()).as("reading the dead letters is allowed: " + retry).isEqualTo(201);
        Api.Response back = api.putJson("/queries/back", """
                {"sql": "SELECT key, value FROM events", "topic": "%s", "outputTopic": "testTopic"}""".formatted(retried));
        assertThat(back.status()).as(back.toString()).isEqualTo(400);
        assertThat(back.isProblem()).isTrue();
        assertThat(back.json().get("detail").asString()).contains("'back' reads '" + retried + "' and writes 'testTopic'",
                "'streamgate' reads 'testTopic' and writes 'testTopic.DLT'", "'retry' reads 'testTopic.DLT'");
        assertThat(api.get("/queries/back").status()).as("nothing stored").isEqualTo(404);
    }

    private static void awaitOnTopic(KafkaConsumer<String, String> consumer, Set<Integer> seen, Set<Integer> expected) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                JsonNode row = Api.json(record.value());
                assertThat(row.get("name").asString()).isEqualTo("N" + row.get("id").asInt());
                assertThat(record.key()).as("rows, not groups, have no key").isNull();
                seen.add(row.get("id").asInt());
            }
            assertThat(seen).isEqualTo(expected);
        });
    }

    private static Set<Integer> ids(JsonNode rows) {
        Set<Integer> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.get("id").asInt()));
        return ids;
    }

    @Test
    void aStatelessQueryRunsInRealTimeModeAndAnAggregationIsRefusedThere() {
        String topic = topic("orders-real-time");
        Api.Response aggregation = api.putJson("/queries/rt-counts", "{\"sql\": \"SELECT name, count(*) FROM events "
                + "GROUP BY name\", \"topic\": \"" + topic + "\", \"mode\": \"real-time\"}");
        assertThat(aggregation.status()).as(aggregation.toString()).isEqualTo(400);
        assertThat(aggregation.json().get("errorClass").asString()).isEqualTo("REFUSED_SQL.REAL_TIME_STATEFUL");

        Api.Response created = api.putJson("/queries/rt-filter", "{\"sql\": \"SELECT id, name FROM events WHERE valid\", "
                + "\"topic\": \"" + topic + "\", \"mode\": \"real-time\", \"startingOffsets\": \"earliest\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("definition").get("trigger").asString()).as("real-time's own default").isNotEqualTo("200 ms");
        Api.Response started = api.post("/queries/rt-filter/start");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        produce(topic, List.of("{\"id\": 1, \"name\": \"a\"}", "nope", "{\"id\": 2, \"name\": \"b\"}"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get("/queries/rt-filter/results").json().toString())
                        .isEqualTo("[{\"id\":2,\"name\":\"b\"},{\"id\":1,\"name\":\"a\"}]"));
    }

    @Test
    void forbiddenSqlIsABadRequestNamingTheReasonAndStoresNothing() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("SELECT reflect('java.lang.System', 'exit', 0) FROM events", "REFUSED_SQL.REFLECTION"),
                Map.entry("SELECT java_method('java.lang.System', 'getenv', 'HOME') FROM events", "REFUSED_SQL.REFLECTION"),
                Map.entry("SELECT * FROM json.`/etc/passwd`", "REFUSED_SQL.SQL_ON_FILES"),
                Map.entry("SELECT * FROM read_files('/etc')", "REFUSED_SQL.TABLE_VALUED_FUNCTION"),
                Map.entry("SELECT * FROM events JOIN range(1000000000) r", "REFUSED_SQL.TABLE_VALUED_FUNCTION"),
                Map.entry("SELECT input_file_name() FROM events", "REFUSED_SQL.INPUT_FILE"),
                Map.entry("SELECT evil(name) FROM events", "REFUSED_SQL.USER_DEFINED_FUNCTION"),
                Map.entry("SET spark.sql.runSQLOnFiles=true", "REFUSED_SQL.NOT_A_QUERY"),
                Map.entry("ADD JAR /tmp/evil.jar", "REFUSED_SQL.NOT_A_QUERY"),
                Map.entry("CREATE TABLE t (a INT)", "REFUSED_SQL.NOT_A_QUERY"),
                Map.entry("INSERT OVERWRITE DIRECTORY '/tmp/x' USING json SELECT * FROM events", "REFUSED_SQL.NOT_A_QUERY"),
                Map.entry("EXECUTE IMMEDIATE 'SET spark.sql.runSQLOnFiles=true'", "REFUSED_SQL.NOT_A_QUERY"),
                Map.entry("SELECT 1; SELECT 2", "PARSE_SYNTAX_ERROR"),
                Map.entry("SELECT nme FROM events", "UNRESOLVED_COLUMN.WITH_SUGGESTION"));
        refused.forEach((sql, errorClass) -> {
            Api.Response response = api.putJson("/queries/refused", "{\"sql\": " + Api.toJson(sql) + "}");
            assertThat(response.status()).as(sql + " → " + response).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.json().get("errorClass").asString()).as(sql).isEqualTo(errorClass);
            assertThat(response.json().get("detail").asString()).as(sql).isNotBlank();
        });
        assertThat(api.putJson("/queries/refused", "{\"sql\": \"SELECT 'x" + "y".repeat(16 * 1024) + "' FROM events\"}").status())
                .as("more than 16 KB of SQL").isEqualTo(400);
        assertThat(api.putJson("/queries/refused", "{\"topic\": \"testTopic\"}").status()).as("no sql").isEqualTo(400);
        assertThat(api.putJson("/queries/refused", "{\"sql\": \"SELECT key FROM events\", \"topic\": \"no-such-topic\"}").status())
                .isEqualTo(400);
        assertThat(api.putJson("/queries/refused", "{\"sql\": \"SELECT key FROM events\", \"mode\": \"real-time\", "
                + "\"outputMode\": \"complete\"}").status()).isEqualTo(400);
        assertThat(spark.session().conf().get("spark.sql.runSQLOnFiles")).isEqualTo("false");
        assertThat(api.get("/queries/refused").status()).isEqualTo(404);
        assertThat(Files.exists(Path.of(planner.queryDir("refused")))).isFalse();
    }

    @Test
    void namesAreCheckedAndTheDefaultQueryIsNotReplaced() {
        String body = "{\"sql\": \"SELECT key FROM events\"}";
        for (String name : List.of("Upper", "under_score", "a".repeat(64), "start", "stop", "status", "results",
                "streamgate-archive", "with space", "dots.in.it")) {
            Api.Response response = api.putJson("/queries/" + URLEncoder.encode(name, StandardCharsets.UTF_8), body);
            assertThat(response.status()).as(name + " → " + response).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(api.putJson("/queries/" + "a".repeat(63), body).status()).isEqualTo(201);
        Api.Response theDefault = api.putJson("/queries/streamgate", body);
        assertThat(theDefault.status()).as(theDefault.toString()).isEqualTo(409);
        assertThat(api.delete("/queries/streamgate").status()).isEqualTo(409);
        Api.Response missing = api.get("/queries/nobody");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.isProblem()).isTrue();
        assertThat(api.post("/queries/nobody/start").status()).isEqualTo(404);
        assertThat(api.get("/queries/nobody/results").status()).isEqualTo(404);
    }

    @Test
    void aRunningQueryIsNotReplacedAndAChangeOfStateNeedsAFreshStart() {
        String topic = topic("orders-replaced");
        produce(topic, List.of("{\"id\": 1, \"name\": \"a\", \"amount\": 1}"));
        String counts = "{\"sql\": \"SELECT name, count(*) AS n FROM events GROUP BY name\", \"topic\": \"" + topic
                + "\", \"startingOffsets\": \"earliest\"}";
        assertThat(api.putJson("/queries/counts", counts).status()).isEqualTo(201);
        assertThat(api.post("/queries/counts/start").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/queries/counts/results").json().size() == 1);

        Api.Response whileRunning = api.putJson("/queries/counts", counts);
        assertThat(whileRunning.status()).as(whileRunning.toString()).isEqualTo(409);
        assertThat(whileRunning.json().get("state").asString()).isEqualTo("RUNNING");
        assertThat(api.post("/queries/counts/start").status()).as("already running").isEqualTo(409);

        assertThat(api.post("/queries/counts/stop").json().get("state").asString()).isEqualTo("STOPPED");
        assertThat(api.post("/queries/counts/stop").status()).as("not running").isEqualTo(409);
        Api.Response same = api.putJson("/queries/counts", "{\"sql\": \"SELECT name, count(*) AS n FROM events "
                + "WHERE id > 0 GROUP BY name\", \"topic\": \"" + topic + "\"}");
        assertThat(same.status()).as("the same state: replaced, checkpoint kept").isEqualTo(200);
        assertThat(Path.of(planner.queryDir("counts")).resolve("results")).exists();

        String sums = counts.replace("count(*) AS n", "sum(amount) AS n");
        String sumsNoOffsets = "{\"sql\": \"SELECT name, sum(amount) AS n FROM events GROUP BY name\", \"topic\": \"" + topic + "\"}";
        Api.Response stateChanged = api.putJson("/queries/counts", sumsNoOffsets);
        assertThat(stateChanged.status()).as(stateChanged.toString()).isEqualTo(409);
        assertThat(stateChanged.json().get("detail").asString()).contains("startingOffsets");
        assertThat(api.putJson("/queries/counts", sums).status()).as(sums).isEqualTo(200);
        assertThat(api.get("/queries/counts/results").json()).as("results dropped with the checkpoint").isEmpty();

        assertThat(api.post("/queries/counts/start").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get("/queries/counts/results").json().toString()).isEqualTo("[{\"name\":\"a\",\"n\":1.0}]"));
    }

    @Test
    void twoQueriesRunBesideTheDefaultOneUpToTheLimitAndDeleteRemovesEverything() {
        String topic = topic("orders-beside");
        produce(topic, List.of("{\"id\": 1, \"name\": \"a\", \"amount\": 1}", "{\"id\": 2, \"name\": \"b\", \"amount\": 2}"));
        assertThat(api.post("/queries/start").status()).isEqualTo(200);
        for (String name : List.of("first", "second", "third")) {
            assertThat(api.putJson("/queries/" + name, "{\"sql\": \"SELECT id, name FROM events\", \"topic\": \"" + topic
                    + "\", \"startingOffsets\": \"earliest\"}").status()).isEqualTo(201);
        }
        assertThat(api.post("/queries/first/start").status()).isEqualTo(200);
        assertThat(api.post("/queries/second/start").status()).isEqualTo(200);
        Api.Response third = api.post("/queries/third/start");
        assertThat(third.status()).as("max-running is 3 here: " + third).isEqualTo(429);
        assertThat(third.isProblem()).isTrue();
        assertThat(spark.session().streams().active()).hasSize(3);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(api.get("/queries/first/results").json()).hasSize(2);
            assertThat(api.get("/queries/second/results").json()).hasSize(2);
        });
        JsonNode list = api.get("/queries").json();
        assertThat(list).extracting(query -> query.get("name").asString()).containsExactly("streamgate", "first", "second", "third");
        assertThat(list).extracting(query -> query.get("status").get("state").asString())
                .containsExactly("RUNNING", "RUNNING", "RUNNING", "NOT_STARTED");

        assertThat(api.delete("/queries/first").status()).isEqualTo(204);
        assertThat(api.get("/queries/first").status()).isEqualTo(404);
        assertThat(api.get("/queries/first/results").status()).isEqualTo(404);
        assertThat(api.delete("/queries/first").status()).isEqualTo(404);
        assertThat(Files.exists(Path.of(planner.queryDir("first")))).isFalse();
        assertThat(spark.session().streams().active()).hasSize(2);
        assertThat(api.get("/actuator/prometheus").body()).doesNotContain("query=\"first\"");
        assertThat(api.post("/queries/third/start").status()).as("room again").isEqualTo(200);
    }

    private String topic(String name) {
        topics.createIfMissing(name);
        return name;
    }

    private void produce(String topic, List<String> values) {
        try (KafkaProducer<String, String> producer = Producers.strings(String.join(",", kafka.getBootstrapServers()))) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, values.get(i)));
            }
            producer.flush();
        }
    }
}
