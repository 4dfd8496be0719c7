package io.streamgate.queries.relations;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streams, tables and joins over REST, against the real broker and a real SparkSession: enrichment from
 * a table as Kafka holds it at each batch, stream–stream matches within a time bound, the refusals of
 * joins whose state would grow without end, and what a registered stream or table may not lose.
 */
@IntegrationTest
@TestPropertySource(properties = {"streamgate.pipeline.trigger=200 ms", "streamgate.pipeline.results.capacity=100",
        "streamgate.tables.max-rows=5"})
class JoinsTest {

    private static final String ENRICHED = "SELECT o.id, o.amount, c.name FROM orders o JOIN customers c ON o.customer_id = c.id";
    private static final String MATCHED = "SELECT o.id AS order_id, p.amount AS paid FROM orders o %s JOIN payments p "
            + "ON p.order_id = o.id AND p.timestamp BETWEEN o.timestamp AND o.timestamp + INTERVAL 10 MINUTES";

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    Api api;
    /** Each test's topics are its own; the names SQL reads are the same in each. */
    String customers;
    String orders;
    String payments;

    @BeforeEach
    void register(TestInfo test) {
        api = new Api(port);
        String suffix = "-" + test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT).substring(0, 12);
        customers = "customers" + suffix;
        orders = "orders" + suffix;
        payments = "payments" + suffix;
        created(api.putJson("/tables/customers", """
                {"topic": "%s", "schema": "id BIGINT NOT NULL, name STRING, country STRING", "key": "id"}""".formatted(customers)));
        created(api.putJson("/streams/orders", """
                {"topic": "%s", "schema": "id BIGINT NOT NULL, customer_id BIGINT, amount DOUBLE", "watermark": "10 seconds"}"""
                .formatted(orders)));
        created(api.putJson("/streams/payments", """
                {"topic": "%s", "schema": "order_id BIGINT NOT NULL, amount DOUBLE", "watermark": "10 seconds"}""".formatted(payments)));
    }

    @AfterEach
    void deleteAll() {
        for (JsonNode query : api.get("/queries").json()) {
            if (!query.get("name").asString().equals("streamgate")) {
                api.delete("/queries/" + query.get("name").asString());
            }
        }
        for (String relation : List.of("/tables/customers", "/streams/orders", "/streams/payments")) {
            assertThat(api.delete(relation).status()).isIn(204, 404);
        }
    }

    @Test
    void ordersAreEnrichedWithTheCustomerAsTheTableHoldsItAtEachBatch() {
        customer(1, "Ann", "FR");
        customer(2, "Bob", "DE");
        customer(3, "Cy", "FR");
        order(1, 1, 10.0);
        order(2, 2, 20.0);
        order(3, 3, 30.0);
        order(4, 1, 40.0);
        order(5, 9, 50.0); // no such customer: an inner join drops it

        define("enriched", ENRICHED);
        define("enriched-left", ENRICHED.replace("JOIN", "LEFT JOIN"));
        JsonNode info = api.get("/queries/enriched").json();
        assertThat(info.get("reads").toString()).isEqualTo("[\"customers\",\"orders\"]");
        start("enriched");
        start("enriched-left");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(names("enriched"))
                .isEqualTo(Map.of(1L, "Ann", 2L, "Bob", 3L, "Cy", 4L, "Ann")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(names("enriched-left"))
                .containsEntry(4L, "Ann").containsEntry(5L, null).hasSize(5));

        // the customer changes between two orders' batches: the later order sees the new name, the earlier keeps the old
        customer(1, "Anna", "FR");
        order(6, 1, 60.0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(names("enriched")).containsEntry(6L, "Anna"));
        assertThat(names("enriched")).containsEntry(1L, "Ann").containsEntry(4L, "Ann");

        // a tombstone ends the match: the inner join drops the next order, the left join nulls it
        assertThat(api.postJson("/topics/" + customers + "/messages", "{\"key\": \"1\", \"value\": null}").status()).isEqualTo(200);
        order(7, 1, 70.0);
        order(8, 2, 80.0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(names("enriched")).containsEntry(8L, "Bob"));
        assertThat(names("enriched")).doesNotContainKey(7L);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(names("enriched-left"))
                .containsEntry(7L, null).containsEntry(8L, "Bob"));
    }

    @Test
    void aQueryOverATableLargerThanItsBoundFailsWithTheReasonInsteadOfCuttingIt() {
        for (int id = 1; id <= 6; id++) {
            customer(id, "c" + id, "FR");
        }
        order(1, 1, 10.0);
        define("too-large", ENRICHED);
        start("too-large");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.get("/queries/too-large").json()
                .at("/status/restarts/lastFailure").asString()).contains("Table 'customers' has 6 rows, more than "
                        + "streamgate.tables.max-rows (5) allows"));
        assertThat(results("too-large")).isEmpty();
    }

    @Test
    void aStreamsHeadersAreAMapOfText() {
        define("sources", "SELECT id, headers['source'] AS source, size(headers) AS headers FROM orders");
        start("sources");
        assertThat(api.postJson("/topics/" + orders + "/messages", """
                {"key": "1", "value": {"id": 1}, "headers": {"source": "shop", "trace": "t-1"}}""").status()).isEqualTo(200);
        order(2, 1, 1.0);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<Long, String> rows = new HashMap<>();
            for (JsonNode row : results("sources")) {
                JsonNode source = row.path("source");
                rows.put(row.get("id").asLong(), (source.isNull() || source.isMissingNode() ? "null" : source.asString())
                        + "/" + row.get("headers").asInt());
            }
            assertThat(rows).isEqualTo(Map.of(1L, "shop/2", 2L, "null/0"));
        });
    }

    @Test
    void anAggregationOverAJoinIsExact() {
        customer(1, "Ann", "FR");
        customer(2, "Bob", "DE");
        customer(3, "Cy", "FR");
        for (int i = 1; i <= 9; i++) {
            order(i, i % 3 + 1, i);
        }
        define("by-country", "SELECT c.country, count(*) AS orders, sum(o.amount) AS total FROM orders o "
                + "JOIN customers c ON o.customer_id = c.id GROUP BY c.country");
        start("by-country");
        // FR: customers 1 and 3 (i % 3 = 0 or 2: 2, 3, 5, 6, 8, 9); DE: customer 2 (i % 3 = 1: 1, 4, 7)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, String> byCountry = new HashMap<>();
            for (JsonNode row : results("by-country")) {
                byCountry.put(row.get("country").asString(), row.get("orders").asLong() + "/" + row.get("total").asDouble());
            }
            assertThat(byCountry).isEqualTo(Map.of("FR", "6/33.0", "DE", "3/12.0"));
        });
    }

    @Test
    void paymentsMatchOrdersWithinTheTimeBoundAndALeftJoinEmitsTheUnmatchedOnceTheWatermarkPasses() {
        Instant t = Instant.now().minus(Duration.ofHours(1));
        try (KafkaProducer<String, String> producer = Producers.strings(String.join(",", kafka.getBootstrapServers()))) {
            for (int id = 1; id <= 3; id++) {
                at(producer, orders, t, "{\"id\": " + id + ", \"customer_id\": 1, \"amount\": " + id + "}");
            }
            at(producer, payments, t.plus(Duration.ofMinutes(1)), "{\"order_id\": 1, \"amount\": 1.5}");
            at(producer, payments, t.plus(Duration.ofMinutes(5)), "{\"order_id\": 3, \"amount\": 3.5}");
            at(producer, payments, t.plus(Duration.ofMinutes(11)), "{\"order_id\": 2, \"amount\": 2.5}"); // too late to match
            at(producer, orders, t.plus(Duration.ofMinutes(20)), "{\"id\": 100, \"customer_id\": 1, \"amount\": 0}"); // moves the watermark
        }
        define("paid", MATCHED.formatted(""));
        define("paid-or-not", MATCHED.formatted("LEFT"));
        start("paid");
        start("paid-or-not");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(paid("paid")).isEqualTo(Map.of(1L, 1.5, 3L, 3.5)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(paid("paid-or-not"))
                .containsEntry(1L, 1.5).containsEntry(3L, 3.5).containsEntry(2L, null).doesNotContainKey(100L));
        assertThat(paid("paid")).doesNotContainKey(2L);

        // a match whose two sides arrive on either side of a restart is found from the state the checkpoint kept
        try (KafkaProducer<String, String> producer = Producers.strings(String.join(",", kafka.getBootstrapServers()))) {
            at(producer, orders, t.plus(Duration.ofMinutes(15)), "{\"id\": 4, \"customer_id\": 1, \"amount\": 4}");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/queries/paid").json()
                .at("/status/lastProgress/sources/0/endOffset").toString()).contains("\"" + orders + "\":{\"0\":5}"));
        assertThat(api.post("/queries/paid/stop").status()).isEqualTo(200);
        start("paid");
        try (KafkaProducer<String, String> producer = Producers.strings(String.join(",", kafka.getBootstrapServers()))) {
            at(producer, payments, t.plus(Duration.ofMinutes(16)), "{\"order_id\": 4, \"amount\": 4.5}");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(paid("paid")).containsEntry(4L, 4.5));
    }

    @Test
    void joinsWhoseStateWouldGrowWithoutEndAreRefusedNamingWhatIsMissing() {
        refused("SELECT o.id FROM orders o JOIN payments p ON p.order_id = o.id", "REFUSED_SQL.UNBOUNDED_STATE", "time bound");
        refused("SELECT o.id FROM orders o JOIN payments p ON p.timestamp BETWEEN o.timestamp AND o.timestamp + INTERVAL 10 MINUTES",
                "REFUSED_SQL.UNBOUNDED_STATE", "equality");
        refused("SELECT e.id FROM events e JOIN payments p ON p.order_id = e.id "
                + "AND p.timestamp BETWEEN e.timestamp AND e.timestamp + INTERVAL 10 MINUTES", "REFUSED_SQL.UNBOUNDED_STATE",
                "left side (events) has none");
        refused("SELECT o.id FROM orders o JOIN customers c ON o.amount > 0", "REFUSED_SQL.JOIN", "customers.id");
        refused("SELECT c.id FROM customers c", "REFUSED_SQL.NO_STREAM", "no stream");
        refused("SELECT o.id FROM orders o JOIN range(10) r ON o.id = r.id", "REFUSED_SQL.TABLE_VALUED_FUNCTION", "range");
        refused("SELECT o.id FROM orders o JOIN unknown u ON o.id = u.id", "REFUSED_SQL.OTHER_RELATION", "unknown");
        Api.Response loop = api.putJson("/queries/loop", """
                {"sql": "%s", "outputTopic": "%s"}""".formatted(ENRICHED, customers));
        assertThat(loop.status()).as(loop.toString()).isEqualTo(400);
        assertThat(loop.json().get("detail").asString()).contains("would feed", customers);
        Api.Response realTime = api.putJson("/queries/rt", """
                {"sql": "%s", "mode": "real-time", "trigger": "5s"}""".formatted(MATCHED.formatted("")));
        assertThat(realTime.status()).as(realTime.toString()).isEqualTo(400);
        assertThat(realTime.json().get("errorClass").asString()).isEqualTo("REFUSED_SQL.REAL_TIME_STATEFUL");
    }

    /** Spark 4.2 runs a stream–static join in real-time mode: the table is read when each real-time batch begins. */
    @Test
    void aStreamTableJoinRunsInRealTimeMode() {
        customer(1, "Ann", "FR");
        created(api.putJson("/queries/rt", """
                {"sql": "%s", "mode": "real-time", "trigger": "5s", "startingOffsets": "earliest"}""".formatted(ENRICHED)));
        start("rt");
        order(1, 1, 10.0);
        order(2, 2, 20.0); // no such customer
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(names("rt")).isEqualTo(Map.of(1L, "Ann")));
    }

    @Test
    void aStreamOrTableThatQueriesReadCannotBeDeletedAndTablesTakeTombstonesOnly() throws Exception {
        define("enriched", ENRICHED);
        Api.Response inUse = api.delete("/streams/orders");
        assertThat(inUse.status()).as(inUse.toString()).isEqualTo(409);
        assertThat(inUse.json().get("queries").toString()).isEqualTo("[\"enriched\"]");
        assertThat(api.delete("/tables/customers").status()).isEqualTo(409);
        start("enriched");
        String sameOrders = """
                {"topic": "%s", "schema": "id BIGINT NOT NULL, customer_id BIGINT, amount DOUBLE", "watermark": "10 seconds"}"""
                .formatted(orders);
        assertThat(api.putJson("/streams/orders", sameOrders).status()).as("the same definition again").isEqualTo(200);
        Api.Response replaced = api.putJson("/streams/orders", sameOrders.replace("10 seconds", "1 minute"));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(409);
        assertThat(replaced.json().get("queries").toString()).isEqualTo("[\"enriched\"]");
        assertThat(api.get("/streams/orders").json().get("watermark").asString()).isEqualTo("10 seconds");
        assertThat(api.post("/queries/enriched/stop").status()).isEqualTo(200);
        assertThat(api.putJson("/streams/orders", sameOrders.replace("10 seconds", "1 minute")).status()).isEqualTo(200);
        assertThat(api.get("/streams/orders").json().get("revision").asLong()).isEqualTo(2);
        assertThat(api.delete("/streams/payments").status()).isEqualTo(204);
        assertThat(api.get("/streams/payments").status()).isEqualTo(404);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", kafka.getBootstrapServers())))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, customers);
            assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .as("a table's topic, created compacted").isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        JsonNode table = api.get("/tables/customers").json();
        assertThat(table.get("key").asString()).isEqualTo("id");
        assertThat(table.get("revision").asLong()).isEqualTo(1);
        assertThat(table.get("columns").toString()).contains("{\"name\":\"headers\",\"type\":\"MAP<STRING, STRING>\"}",
                "{\"name\":\"country\",\"type\":\"STRING\"}").doesNotContain("\"valid\"");
        assertThat(api.get("/streams").json().valueStream().map(stream -> stream.get("name").asString())).containsExactly("orders");

        assertThat(api.postJson("/topics/" + orders + "/messages", "{\"key\": \"1\", \"value\": null}").status()).isEqualTo(400);
        assertThat(api.postJson("/topics/" + customers + "/messages", "{\"value\": null}").status()).isEqualTo(400);
        assertThat(api.postJson("/topics/no-such-topic/messages", "{\"value\": {}}").status()).isEqualTo(404);
    }

    private void refused(String sql, String errorClass, String detail) {
        Api.Response response = api.putJson("/queries/refused", "{\"sql\": \"" + sql + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("errorClass").asString()).as(response.toString()).isEqualTo(errorClass);
        assertThat(response.json().get("detail").asString()).contains(detail);
    }

    private void define(String name, String sql) {
        Api.Response response = api.putJson("/queries/" + name, "{\"sql\": \"" + sql + "\", \"startingOffsets\": \"earliest\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private void start(String name) {
        Api.Response response = api.post("/queries/" + name + "/start");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private JsonNode results(String query) {
        return api.get("/queries/" + query + "/results?limit=100").json();
    }

    private Map<Long, String> names(String query) {
        Map<Long, String> names = new HashMap<>();
        for (JsonNode row : results(query)) {
            names.put(row.get("id").asLong(), row.get("name").isNull() ? null : row.get("name").asString());
        }
        return names;
    }

    private Map<Long, Double> paid(String query) {
        Map<Long, Double> paid = new HashMap<>();
        for (JsonNode row : results(query)) {
            paid.put(row.get("order_id").asLong(), row.get("paid").isNull() ? null : row.get("paid").asDouble());
        }
        return paid;
    }

    private void customer(long id, String name, String country) {
        Api.Response response = api.postJson("/topics/" + customers + "/messages", """
                {"key": "%d", "value": {"id": %d, "name": "%s", "country": "%s"}}""".formatted(id, id, name, country));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private void order(long id, long customer, double amount) {
        Api.Response response = api.postJson("/topics/" + orders + "/messages", """
                {"key": "%d", "value": {"id": %d, "customer_id": %d, "amount": %s}}""".formatted(id, id, customer, amount));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static void at(KafkaProducer<String, String> producer, String topic, Instant timestamp, String value) {
        producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), null, value));
        producer.flush();
    }

    private static void created(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
    }
}
