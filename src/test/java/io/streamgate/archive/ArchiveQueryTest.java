package io.streamgate.archive;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import io.streamgate.pipeline.archive.ArchiveJob;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.json.JsonFileFormat;
import org.apache.spark.sql.execution.streaming.sinks.FileStreamSink;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import scala.collection.immutable.Map$;
import scala.jdk.javaapi.CollectionConverters;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SQL over the archive, against the real broker and a real SparkSession: the default query archives
 * records produced with known keys, headers and timestamps over three days, and the archive answers
 * exactly, through each generation's log only, with a generation of the first layout beside.
 */
@IntegrationTest
@TestPropertySource(properties = {"streamgate.archive.query-timeout=20s", "streamgate.pipeline.trigger=200 ms"})
class ArchiveQueryTest {

    /**
     * Midnight (UTC) five days ago, the first of three days the records' timestamps fall in: within the
     * broker's retention (7 days), which deletes older records however new their offsets.
     */
    private static final long DAY_ONE = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(5)).toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final int RECORDS = 30;
    /** Each side has 400 rows: 400^4 rows is minutes of work for two cores. */
    private static final String SLOW = "SELECT count(*) AS n FROM archive a, archive b, archive c, archive d "
            + "WHERE a.offset + b.offset + c.offset + d.offset = -1";

    private static boolean produced; // once per class: each test reads what the first produced

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    SparkConnection spark;

    @Autowired
    PipelineProperties pipeline;

    Api api;

    @BeforeEach
    void archiveKnownRecords() throws Exception {
        api = new Api(port);
        if (produced) {
            return;
        }
        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
        try (KafkaProducer<String, String> producer = Producers.strings(kafka.getBootstrapServers().get(0))) {
            for (int i = 0; i < RECORDS; i++) {
                // Ten a day over three days; keys order-0 … order-9 each day; every fifth invalid (no name).
                String value = i % 5 == 4 ? "{\"id\": " + i + "}" : "{\"id\": " + i + ", \"name\": \"n" + i + "\", \"amount\": " + i + ".5}";
                ProducerRecord<String, String> record = new ProducerRecord<>("testTopic", null,
                        DAY_ONE + (i / 10) * DAY + i * 1000L, "order-" + (i % 10), value);
                record.headers().add("source", ("test-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
            // Filler, so that a four-way join is slow: on a day of its own.
            for (int i = 0; i < 370; i++) {
                producer.send(new ProducerRecord<>("testTopic", null, DAY_ONE + 4 * DAY, "filler-" + i, "{\"id\": " + i + "}"));
            }
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(rows("SELECT count(*) AS n FROM archive").get(0).get("n").asLong()).isEqualTo(RECORDS + 370));
        produced = true;
    }

    @Test
    void aKeyLookupACountAndADayAreExact() {
        List<JsonNode> order4 = rows("SELECT key, fields.id AS id, fields.name AS name, valid, headers['source'] AS source, "
                + "batch_id IS NOT NULL AS batched, generation LIKE 'generation-%' AS generated, date "
                + "FROM archive WHERE key = 'order-4' ORDER BY fields.id");
        assertThat(order4).extracting(row -> row.get("id").asInt()).containsExactly(4, 14, 24);
        assertThat(order4).extracting(row -> row.get("valid").asBoolean()).containsOnly(false);
        assertThat(order4).extracting(row -> row.get("name").isNull()).containsOnly(true);
        assertThat(order4).extracting(row -> row.get("source").asString()).containsExactly("test-4", "test-14", "test-24");
        assertThat(order4).extracting(row -> row.get("batched").asBoolean()).containsOnly(true);
        assertThat(order4).extracting(row -> row.get("generated").asBoolean()).containsOnly(true);
        assertThat(order4).extracting(row -> row.get("date").asString()).containsExactly(day(0), day(1), day(2));

        JsonNode counts = rows("SELECT count(*) AS n, count_if(valid) AS valid FROM archive WHERE key LIKE 'order-%'").get(0);
        assertThat(counts.get("n").asLong()).isEqualTo(RECORDS);
        assertThat(counts.get("valid").asLong()).isEqualTo(24);
        List<JsonNode> dayTwo = rows("SELECT fields.id AS id FROM archive "
                + "WHERE timestamp >= TIMESTAMP'" + day(1) + " 00:00:00Z' AND timestamp < TIMESTAMP'" + day(2) + " 00:00:00Z' ORDER BY id");
        assertThat(dayTwo).extracting(row -> row.get("id").asInt()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(rows("SELECT count(*) AS n FROM archive WHERE date = DATE'" + day(2) + "'").get(0).get("n").asLong()).isEqualTo(10);
    }

    @Test
    void theAnswerSaysItsColumnsAndWhetherTheLimitCutIt() {
        Api.Response answer = query("{\"sql\": \"SELECT key, fields FROM archive WHERE key LIKE 'order-%'\", \"limit\": 5}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("columns").toString()).isEqualTo("[{\"name\":\"key\",\"type\":\"STRING\"},"
                + "{\"name\":\"fields\",\"type\":\"STRUCT<id: BIGINT, name: STRING, amount: DOUBLE>\"}]");
        assertThat(json.get("rows")).hasSize(5);
        assertThat(json.get("truncated").asBoolean()).isTrue();
        JsonNode all = query("{\"sql\": \"SELECT key FROM archive WHERE key LIKE 'order-%'\", \"limit\": 30}").json();
        assertThat(all.get("rows")).hasSize(30);
        assertThat(all.get("truncated").asBoolean()).isFalse();
        assertThat(query("{\"sql\": \"SELECT key FROM archive\", \"limit\": 10001}").status()).isEqualTo(400);
    }

    @Test
    void aGenerationOfTheFirstLayoutIsReadBesideAndAFileNotInALogIsNot() throws IOException {
        SparkSession session = spark.session();
        Path root = Path.of(pipeline.archive().path()).toAbsolutePath();
        // As the archive was written before layout 2: the fields as JSON text, no headers, batch ids or day folders.
        StructType first = new StructType().add("key", DataTypes.StringType).add("value", DataTypes.StringType)
                .add("topic", DataTypes.StringType).add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType)
                .add("timestamp", DataTypes.TimestampType).add("fields", DataTypes.StringType)
                .add("valid", DataTypes.BooleanType).add("validation_error", DataTypes.StringType)
                .add("processed_at", DataTypes.TimestampType);
        Timestamp old = Timestamp.from(Instant.parse("2025-06-01T12:00:00Z"));
        Dataset<Row> rows = session.createDataFrame(List.of(
                RowFactory.create("old-1", "{\"id\":1,\"name\":\"a\"}", "testTopic", 0, 1L, old, "{\"id\":1,\"name\":\"a\"}", true, null, old),
                RowFactory.create("old-2", "{\"id\":2}", "testTopic", 0, 2L, old, "{\"id\":2}", false, "$.name: missing", old)), first);
        new FileStreamSink(session, root.resolve("generation-1").toString(), new JsonFileFormat(),
                CollectionConverters.asScala(List.<String>of()).toSeq(), Map$.MODULE$.<String, String>empty())
                .addBatch(0, rows);

        List<JsonNode> firstLayout = rows("SELECT key, fields.id AS id, fields.name AS name, headers, batch_id, date "
                + "FROM archive WHERE generation = 'generation-1' ORDER BY key");
        assertThat(firstLayout).extracting(row -> row.get("key").asString()).containsExactly("old-1", "old-2");
        assertThat(firstLayout).extracting(row -> row.get("id").asInt()).containsExactly(1, 2);
        assertThat(firstLayout.get(0).get("name").asString()).isEqualTo("a");
        assertThat(firstLayout.get(1).get("name").isNull()).isTrue();
        assertThat(firstLayout).extracting(row -> row.get("batch_id").isNull()).containsOnly(true);
        assertThat(firstLayout).extracting(row -> row.get("date").asString()).containsOnly("2025-06-01");

        // A copy of a committed file, which its generation's log does not name: as a crash mid-write leaves one.
        Path committed;
        try (Stream<Path> files = Files.walk(root)) {
            committed = files.filter(file -> file.toString().contains("date=" + day(0)) && file.toString().endsWith(".json"))
                    .findFirst().orElseThrow();
        }
        Files.copy(committed, committed.resolveSibling("part-99999-not-in-the-log.c000.json"));
        assertThat(rows("SELECT count(*) AS n FROM archive WHERE key LIKE 'order-%'").get(0).get("n").asLong()).isEqualTo(RECORDS);
    }

    @Test
    void whatTheGuardRefusesIsRefusedWithItsErrorClass() {
        assertRefused("SELECT * FROM events", "REFUSED_SQL");
        assertRefused("DROP TABLE archive", "REFUSED_SQL");
        assertRefused("SELECT reflect('java.lang.System', 'exit', '1') FROM archive", "REFUSED_SQL");
        assertRefused("SELECT * FROM json.`/etc`", "REFUSED_SQL");
        assertRefused("SELECT nope FROM archive", "UNRESOLVED_COLUMN");
        assertRefused("SELECT 1; SELECT 2", "PARSE_SYNTAX_ERROR");
        assertThat(query("{\"sql\": \" \"}").status()).isEqualTo(400);
    }

    @Test
    void rowsStreamAsNdjsonUpToTheLimit() {
        Api.Response streamed = api.post("/archive/query", Api.JSON, java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"sql\": \"SELECT key, fields.id AS id FROM archive WHERE key LIKE 'order-%' ORDER BY id\"}"),
                Map.of("Accept", "application/x-ndjson"));
        assertThat(streamed.status()).as(streamed.toString()).isEqualTo(200);
        assertThat(streamed.contentType()).startsWith("application/x-ndjson");
        List<String> lines = streamed.body().lines().toList();
        assertThat(lines).hasSize(RECORDS);
        assertThat(lines.get(0)).isEqualTo("{\"key\":\"order-0\",\"id\":0}");
        assertThat(lines.get(29)).isEqualTo("{\"key\":\"order-9\",\"id\":29}");

        Api.Response two = api.post("/archive/query", Api.JSON, java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"sql\": \"SELECT key FROM archive\", \"limit\": 2}"), Map.of("Accept", "application/x-ndjson"));
        assertThat(two.body().lines().toList()).hasSize(2);
    }

    @Test
    void aQueryPastItsTimeoutIsCancelledAndAnswered504AndAThirdAtOnceIs429() throws Exception {
        JobGroups groups = JobGroups.listen(spark.session());
        CompletableFuture<Api.Response> first = CompletableFuture.supplyAsync(() -> query(slow()));
        CompletableFuture<Api.Response> second = CompletableFuture.supplyAsync(() -> query(slow()));
        await().atMost(Duration.ofSeconds(15)).until(() -> groups.running().size() == 2);

        Api.Response third = query("{\"sql\": \"SELECT count(*) FROM archive\"}");
        assertThat(third.status()).as(third.toString()).isEqualTo(429);
        assertThat(third.isProblem()).isTrue();

        for (Api.Response slow : List.of(first.get(), second.get())) {
            assertThat(slow.status()).as(slow.toString()).isEqualTo(504);
            assertThat(slow.json().get("detail").asString()).contains("streamgate.archive.query-timeout");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(groups.running()).isEmpty();
            assertThat(groups.cancelled()).hasSizeGreaterThanOrEqualTo(2);
        });
        assertThat(query("{\"sql\": \"SELECT count(*) AS n FROM archive\"}").status()).as("places are free again").isEqualTo(200);
    }

    @Test
    void aClientThatGoesAwayCancelsItsJob() throws Exception {
        JobGroups groups = JobGroups.listen(spark.session());
        String body = slow();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /archive/query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(15)).until(() -> groups.running().size() == 1);
        } // closed long before the 20 s timeout
        String group = groups.started().iterator().next();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(groups.running()).isEmpty();
            assertThat(groups.cancelled()).contains(group);
        });
    }

    /** The day {@code n} days after the first, as Spark writes a date: yyyy-MM-dd. */
    private static String day(int n) {
        return Instant.ofEpochMilli(DAY_ONE + n * DAY).toString().substring(0, 10);
    }

    private static String slow() {
        return "{\"sql\": \"" + SLOW + "\"}";
    }

    private void assertRefused(String sql, String errorClass) {
        Api.Response refused = query("{\"sql\": " + Api.toJson(sql) + "}");
        assertThat(refused.status()).as(sql + " → " + refused).isEqualTo(400);
        assertThat(refused.json().path("errorClass").asString()).as(sql + " → " + refused).startsWith(errorClass);
    }

    private List<JsonNode> rows(String sql) {
        Api.Response answer = query("{\"sql\": " + Api.toJson(sql) + ", \"limit\": 10000}");
        assertThat(answer.status()).as(sql + " → " + answer).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        answer.json().get("rows").forEach(rows::add);
        return rows;
    }

    private Api.Response query(String body) {
        return api.postJson("/archive/query", body);
    }

    /** The archive's job groups as Spark's scheduler reports their jobs: which have jobs running, and which had one cancelled. */
    static final class JobGroups extends SparkListener {

        private final Map<Integer, String> groupOfJob = new ConcurrentHashMap<>();
        private final Set<String> started = ConcurrentHashMap.newKeySet();
        private final Set<Integer> active = ConcurrentHashMap.newKeySet();
        private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

        static JobGroups listen(SparkSession session) {
            JobGroups groups = new JobGroups();
            session.sparkContext().addSparkListener(groups);
            return groups;
        }

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String group = start.properties() == null ? null : start.properties().getProperty("spark.jobGroup.id");
            if (group != null && group.startsWith(ArchiveJob.GROUP_PREFIX)) {
                groupOfJob.put(start.jobId(), group);
                started.add(group);
                active.add(start.jobId());
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            String group = groupOfJob.get(end.jobId());
            if (group != null) {
                active.remove(end.jobId());
                if (end.jobResult() != JobSucceeded$.MODULE$) {
                    cancelled.add(group);
                }
            }
        }

        Set<String> started() {
            return started;
        }

        Set<String> running() {
            Set<String> running = new java.util.HashSet<>();
            active.forEach(job -> running.add(groupOfJob.get(job)));
            return running;
        }

        Set<String> cancelled() {
            return cancelled;
        }
    }
}
