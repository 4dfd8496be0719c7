package io.streamgate.system;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.QueryStoppedAfterEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.TestPropertySource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed, odd and hostile requests to every endpoint. Malformed ones must get a 4xx with problem
 * details, odd-but-valid ones a 2xx, none a 500, and the service must stay healthy throughout. The
 * service's catch-all for bugs ("Unexpected error") must not be reached by any of them.
 */
@IntegrationTest
@TestPropertySource(properties = {"streamgate.live.heartbeat=1s", "streamgate.api.body-timeout=3s"})
class FuzzTest extends QueryStoppedAfterEach {

    private static final List<String> POST_ENDPOINTS = List.of("/messages", "/messages/batch", "/queries/start");
    /** Every type name of Spark's DDL, and some of its spellings. */
    private static final List<String> TYPES = List.of("BOOLEAN", "TINYINT", "BYTE", "SMALLINT", "SHORT", "INT",
            "INTEGER", "BIGINT", "LONG", "FLOAT", "REAL", "DOUBLE", "DECIMAL", "DECIMAL(10,2)", "DEC(5)", "NUMERIC(38,18)",
            "STRING", "CHAR(5)", "CHARACTER(3)", "VARCHAR(10)", "BINARY", "DATE", "TIMESTAMP", "TIMESTAMP_LTZ",
            "TIMESTAMP_NTZ", "TIME", "INTERVAL YEAR", "INTERVAL YEAR TO MONTH", "INTERVAL MONTH", "INTERVAL DAY",
            "INTERVAL DAY TO SECOND", "INTERVAL HOUR TO MINUTE", "INTERVAL SECOND", "VOID", "VARIANT", "OBJECT",
            "GEOMETRY", "GEOGRAPHY", "ARRAY<INT>", "MAP<STRING, INT>", "STRUCT<a: INT>");

    private final ListAppender<ILoggingEvent> handlerLog = new ListAppender<>();

    /** Every line the exception handler logs, to find its catch-all's. */
    @BeforeEach
    void listenToTheExceptionHandler() {
        handlerLog.start();
        ((Logger) LoggerFactory.getLogger(ApiExceptionHandler.class)).addAppender(handlerLog);
    }

    @AfterEach
    void noRequestReachedTheCatchAllForBugs() {
        ((Logger) LoggerFactory.getLogger(ApiExceptionHandler.class)).detachAppender(handlerLog);
        assertThat(handlerLog.list).extracting(ILoggingEvent::getFormattedMessage).doesNotContain("Unexpected error");
    }

    @Test
    void malformedBodiesAreBadRequestsEverywhere() {
        Api api = new Api(port);
        List<String> broken = new ArrayList<>(List.of("{", "[", "{\"value\": ", "{\"value\" 1}", "{'value': 1}",
                "{\"value\": 1,}", "nul", "\u0000", "{\"value\": \"\\u12\"}", "]", "{\"value\": 1}}", "\"unterminated",
                "{\"value\": NaN}", "{\"value\": 01}", "[[[[[[[[[[", "💥"));
        broken.add("[".repeat(5000) + "]".repeat(5000)); // deeper than Jackson's nesting limit
        broken.add("{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[1 + random.nextInt(200)];
            random.nextBytes(noise);
            noise[0] = '{';
            broken.add(new String(noise, StandardCharsets.ISO_8859_1));
        }
        for (String endpoint : POST_ENDPOINTS) {
            for (String body : broken) {
                assertProblem(api.post(endpoint, Api.JSON, HttpRequest.BodyPublishers.ofByteArray(
                        body.getBytes(StandardCharsets.ISO_8859_1)), Map.of()), endpoint, body);
            }
        }
    }

    @Test
    void wellFormedJsonOfTheWrongShapeIsABadRequest() {
        Api api = new Api(port);
        Map<String, List<String>> wrongShapes = Map.of(
                "/messages", List.of("{}", "[]", "null", "1", "\"text\"", "{\"key\": \"k\"}", "{\"value\": null}",
                        "{\"value\": 1, \"headers\": \"not a map\"}", "{\"value\": 1, \"headers\": {\"h\": {\"nested\": 1}}}",
                        "{\"value\": 1, \"key\": {\"an\": \"object\"}}", "{\"value\": 1, \"headers\": {\"\": \"empty name\"}}"),
                "/messages/batch", List.of("{}", "{\"value\": 1}", "[null]", "[1]", "[{}]", "[{\"value\": 1}, {\"value\": null}]", "\"x\""),
                "/queries/start", List.of("[]", "1", "\"text\"", "{\"startingOffsets\": 1.5e400}", "{\"trigger\": \"-1 s\"}",
                        "{\"startingOffsets\": \"\"}", "{\"schema\": \"\"}", "{\"schema\": \"id\"}", "{\"trigger\": {\"a\": 1}}"));
        wrongShapes.forEach((endpoint, bodies) -> bodies.forEach(body ->
                assertProblem(api.postJson(endpoint, body), endpoint, body)));
    }

    @Test
    void unsupportedContentTypesAreRefused() {
        Api api = new Api(port);
        for (String endpoint : POST_ENDPOINTS) {
            for (String type : List.of("application/xml", "text/html", "application/x-www-form-urlencoded",
                    "multipart/form-data", "application/octet-stream", "image/png", "garbage")) {
                Api.Response response = api.post(endpoint, type, "{\"value\": 1}");
                assertProblem(response, endpoint, type);
                assertThat(response.status()).as(endpoint + " " + type).isIn(400, 415);
            }
        }
        assertProblem(api.post("/messages/batch", Api.TEXT, "text"), "/messages/batch", "text/plain");
    }

    @Test
    void badQueryParametersAreBadRequests() {
        Api api = new Api(port);
        for (String limit : List.of("0", "-1", "abc", "99999999999999", "1.5", "%00", "1e3")) {
            assertProblem(api.get("/queries/results?limit=" + limit), "/queries/results", limit);
        }
        // Not UTF-8 once decoded: Tomcat cannot read the query string.
        for (String query : List.of("key=%00%ff", "key=%ff", "key=%c3%28", "limit=5&key=%e2%82")) {
            assertProblem(api.get("/queries/results?" + query), "/queries/results", query);
        }
    }

    @Test
    void oddButValidMessagesAreStored() {
        Api api = new Api(port);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            headers.put("x-odd-" + i, "v".repeat(40));
        }
        List<String> bodies = List.of(
                "{\"key\": \"\", \"value\": 1}",
                "{\"key\": null, \"value\": 1}",
                "{\"key\": \"ключ-鍵-🔑\", \"value\": {\"id\": 1, \"name\": \"ünïcödé ✓ עברית 🎉\"}}",
                "{\"value\": \"\"}",
                "{\"value\": \"\\u0000\\u001f control\"}",
                "{\"value\": " + "[".repeat(200) + "]".repeat(200) + "}",
                "{\"value\": 1, \"headers\": {\"h\": null, \"ü\": \"✓\"}}",
                "{\"value\": 1, \"unknown\": \"field\"}",
                "{\"value\": \"" + "x".repeat(500_000) + "\"}");
        for (String body : bodies) {
            Api.Response response = api.post("/messages", Api.JSON, HttpRequest.BodyPublishers.ofString(body), headers);
            assertThat(response.status()).as(abbreviate(body) + " -> " + abbreviate(response.toString())).isEqualTo(200);
        }
        assertThat(api.post("/messages", Api.TEXT, "").status()).as("an empty text body has no value").isEqualTo(400);
        assertThat(api.post("/messages", "text/plain; charset=UTF-8", "text with charset ✓").status()).isEqualTo(200);
        assertThat(api.postJson("/messages/batch", "[]").status()).isEqualTo(200);
        assertThat(api.get("/queries/results?limit=").status()).as("an empty limit takes the default").isEqualTo(200);
    }

    @Test
    void requestsTomcatRefusesItselfAreProblemDetailsToo() throws Exception {
        // A header far over Tomcat's limit, and a request line no client library would send.
        assertRawProblem("POST /messages HTTP/1.1\r\nHost: x\r\nX-Huge: " + "h".repeat(100_000)
                + "\r\nContent-Length: 2\r\n\r\n{}");
        assertRawProblem("GET /queries/results?limit=1{| HTTP/1.1\r\nHost: x\r\n\r\n");
        assertRawProblem("GET /\u0001bad HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    /**
     * Schemas as from_json reads them: CHAR and VARCHAR as strings; map keys that are not strings, and
     * names that differ only in case (at any depth), refused with the reason before Spark sees them.
     */
    @Test
    void schemasAreCheckedForWhatFromJsonReads() {
        Api api = new Api(port);
        for (String schema : List.of("c CHAR(5), v VARCHAR(10)", "s STRUCT<c: CHAR(2)>")) {
            assertThat(api.postJson("/queries/start", startWith(schema)).status()).as(schema).isEqualTo(200);
            assertThat(api.post("/queries/stop").status()).isEqualTo(200);
            Api.Response defined = api.putJson("/queries/chars", sqlWith("SELECT * FROM events", schema));
            assertThat(defined.status()).as(defined.toString()).isIn(200, 201);
        }
        assertThat(api.get("/queries/chars").json().get("columns").toString()).contains("{\"name\":\"s\",\"type\":\"STRUCT<c: STRING>\"}");
        assertThat(api.delete("/queries/chars").status()).isEqualTo(204);
        Map<String, String> refused = new LinkedHashMap<>();
        for (String schema : List.of("a INT, A INT", "a INT, a STRING", "s STRUCT<a: INT, A: INT>",
                "arr ARRAY<STRUCT<x: INT, X: STRING>>", "m MAP<STRING, STRUCT<k: INT, K: INT>>")) {
            refused.put(schema, "REFUSED_SCHEMA.DUPLICATE_FIELD");
        }
        for (String schema : List.of("m MAP<INT, STRING>", "m MAP<MAP<STRING, INT>, STRING>", "a ARRAY<MAP<BIGINT, INT>>")) {
            refused.put(schema, "REFUSED_SCHEMA.MAP_KEY_NOT_STRING");
        }
        refused.forEach((schema, errorClass) -> {
            for (Api.Response response : List.of(api.postJson("/queries/start", startWith(schema)),
                    api.putJson("/queries/refused", sqlWith("SELECT key FROM events", schema)))) {
                assertProblem(response, "schema", schema);
                assertThat(response.json().get("errorClass").asString()).as(schema).isEqualTo(errorClass);
            }
        });
        assertThat(api.get("/queries/refused").status()).isEqualTo(404);
    }

    /**
     * Every type name, alone and nested, is read or refused, never a 500: what the events view takes is
     * checked by defining a query, and all of them at once by starting the default query with them.
     */
    @Test
    void everyTypeOfSparkIsReadOrRefused() {
        Api api = new Api(port);
        List<String> read = new ArrayList<>();
        int n = 0;
        for (String type : TYPES) {
            n++; // names unique over every schema, which are all started together below
            for (String schema : List.of("f" + n + " " + type, "s" + n + " STRUCT<f: " + type + ">, a" + n + " ARRAY<"
                    + type + ">, m" + n + " MAP<STRING, " + type + ">")) {
                Api.Response defined = api.putJson("/queries/types", sqlWith("SELECT key FROM events", schema));
                if (defined.status() >= 400) {
                    assertProblem(defined, "type", schema);
                } else {
                    read.add(schema);
                }
            }
        }
        assertThat(read).as("types read").hasSizeGreaterThan(TYPES.size());
        Api.Response started = api.postJson("/queries/start", startWith(String.join(", ", read)));
        if (started.status() >= 400) {
            assertProblem(started, "every type read", String.join(", ", read));
        } else {
            assertThat(api.post("/queries/stop").status()).isEqualTo(200);
        }
        api.delete("/queries/types");
    }

    /** Triggers and watermarks up to a year, in Spring's short form and Spark's; past it, or past a long, a 400. */
    @Test
    void intervalsAreBounded() {
        Api api = new Api(port);
        for (String interval : List.of("365d", "365 days", "8760h", "31536000000ms", "525600 minutes")) {
            Api.Response defined = api.putJson("/queries/intervals", "{\"sql\": \"SELECT key FROM events\", \"trigger\": \""
                    + interval + "\", \"watermark\": \"" + interval + "\"}");
            assertThat(defined.status()).as(interval + ": " + defined).isIn(200, 201);
        }
        for (String interval : List.of("366d", "366 days", "8761h", "31536000001ms", "99999999999999h",
                "9223372036854775807ms", "9999999999999999999 days", "106751991167 days", "1 month", "-1 second",
                "1".repeat(100) + " ms", "1 week 999999999 days")) {
            assertProblem(api.putJson("/queries/intervals", "{\"sql\": \"SELECT key FROM events\", \"trigger\": \""
                    + interval + "\"}"), "trigger", interval);
            assertProblem(api.putJson("/queries/intervals", "{\"sql\": \"SELECT key FROM events\", \"watermark\": \""
                    + interval + "\"}"), "watermark", interval);
            assertProblem(api.postJson("/queries/start", "{\"trigger\": \"" + interval + "\"}"), "start trigger", interval);
        }
        api.delete("/queries/intervals");
    }

    /** Ids of any length and shape on both kinds of stream: the stream, or a 400 past the bound. */
    @Test
    void lastEventIdsAreBoundedAndReadWithoutRecursion() throws Exception {
        List<String> ids = new ArrayList<>(List.of("0:0," .repeat(1899) + "0:0", "abc", "0:", ":0", "0:0,", "1:2:3",
                "-1:5", "0:99999999999999999999", "0:-", "0:0,,1:1", ","));
        for (String id : ids) {
            assertStreamOrProblem("/topics/testTopic/tail", id);
            assertStreamOrProblem("/queries/streamgate/events", id);
        }
        for (String id : List.of("7".repeat(100), "0:1,".repeat(2047) + "0:1")) {
            assertStreamProblem("/queries/streamgate/events", id);
        }
        assertStreamProblem("/topics/testTopic/tail", "0:1,".repeat(2100) + "0:1");
    }

    /** Sizes fixed by literals past the bound are refused while the default query runs on, its rows arriving. */
    @Test
    void aQueryThatWouldExhaustTheHeapIsRefusedAndTheDefaultQueryRunsOn() {
        Api api = new Api(port);
        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"latest\"}").status()).isEqualTo(200);
        for (String sql : List.of("SELECT explode(sequence(1, 100000000)) AS n FROM events",
                "SELECT explode(array_repeat(key, 100000000)) AS k FROM events",
                "SELECT repeat(value, 100000000) AS v FROM events", "SELECT repeat('x', 2000000) AS v FROM events",
                "SELECT explode(sequence(DATE'2000-01-01', DATE'2100-01-01')) AS day FROM events",
                "SELECT lpad(key, 100000000, 'x') AS k FROM events", "SELECT size(array_repeat(sequence(1, 1000), 1000)) FROM events")) {
            Api.Response refused = api.putJson("/queries/heavy", "{\"sql\": \"" + sql + "\"}");
            assertProblem(refused, "heavy sql", sql);
            assertThat(refused.json().get("errorClass").asString()).as(sql).isEqualTo("REFUSED_SQL.TOO_LARGE");
        }
        assertThat(api.putJson("/queries/heavy", "{\"sql\": \"SELECT explode(sequence(1, 10000)) AS n FROM events\"}")
                .status()).as("within the bound").isEqualTo(201);
        api.delete("/queries/heavy");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            api.postJson("/messages", "{\"key\": \"after-heavy\", \"value\": {\"id\": 1, \"name\": \"n\"}}");
            assertThat(api.get("/queries/results?key=after-heavy").json().size()).isPositive();
        });
        assertThat(api.get("/queries/status").json().get("state").asString()).isEqualTo("RUNNING");
    }

    private static String startWith(String schema) {
        return "{\"startingOffsets\": \"latest\", \"schema\": \"" + schema + "\"}";
    }

    private static String sqlWith(String sql, String schema) {
        return "{\"sql\": \"" + sql + "\", \"schema\": \"" + schema + "\"}";
    }

    /** A stream that opens (then closed at once), or a problem of 400. */
    private void assertStreamOrProblem(String path, String lastEventId) throws Exception {
        HttpResponse<InputStream> response = openStream(path, lastEventId);
        try (InputStream body = response.body()) {
            if (response.statusCode() == 200) {
                return;
            }
            Api.Response problem = new Api.Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            assertProblem(problem, path, lastEventId);
            assertThat(problem.status()).as(path).isEqualTo(400);
        }
    }

    private void assertStreamProblem(String path, String lastEventId) throws Exception {
        HttpResponse<InputStream> response = openStream(path, lastEventId);
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).as(path + " <- " + abbreviate(lastEventId)).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        }
    }

    private HttpResponse<InputStream> openStream(String path, String lastEventId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").header("Last-Event-ID", lastEventId).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * Wide schemas are normal for events: 1,000 flat fields start (the validation is a balanced tree of
     * checks, not a chain as deep as the field count); past the documented bounds on fields and nesting,
     * a 400 before Spark sees the schema. The same for a user query's schema.
     */
    @Test
    void schemasAreBoundedAndWideOnesWork() {
        Api api = new Api(port);
        for (int fields : new int[] {500, 1000}) {
            Api.Response started = api.postJson("/queries/start", "{\"startingOffsets\": \"latest\", \"schema\": \""
                    + flat(fields) + "\"}");
            assertThat(started.status()).as(fields + " flat fields: " + started).isEqualTo(200);
            assertThat(api.post("/queries/stop").status()).isEqualTo(200);
        }
        Api.Response defined = api.putJson("/queries/wide", "{\"sql\": \"SELECT c0, c999 FROM events\", \"schema\": \""
                + flat(1000) + "\"}");
        assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        assertThat(api.delete("/queries/wide").status()).isEqualTo(204);

        String tooWide = flat(2001);
        String tooDeep = "a " + "STRUCT<a: ".repeat(33) + "INT" + ">".repeat(33);
        String veryDeep = "a " + "STRUCT<a: ".repeat(300) + "INT" + ">".repeat(300);
        for (String schema : List.of(tooWide, tooDeep, veryDeep)) {
            assertProblem(api.postJson("/queries/start", "{\"schema\": \"" + schema + "\"}"), "/queries/start", "schema");
            assertProblem(api.putJson("/queries/bounded", "{\"sql\": \"SELECT key FROM events\", \"schema\": \""
                    + schema + "\"}"), "/queries/bounded", "schema");
        }
        String deepSql = "SELECT " + "(".repeat(2000) + "1" + ")".repeat(2000) + " FROM events";
        assertProblem(api.putJson("/queries/bounded", "{\"sql\": \"" + deepSql + "\"}"), "/queries/bounded", "deep sql");
        assertThat(api.get("/queries/bounded").status()).isEqualTo(404);
    }

    private static String flat(int fields) {
        StringBuilder ddl = new StringBuilder();
        for (int i = 0; i < fields; i++) {
            ddl.append(i == 0 ? "" : ", ").append('c').append(i).append(" INT");
        }
        return ddl.toString();
    }

    @Test
    void theServiceStaysHealthyAfterAllOfIt() {
        malformedBodiesAreBadRequestsEverywhere();
        wellFormedJsonOfTheWrongShapeIsABadRequest();
        unsupportedContentTypesAreRefused();
        Api api = new Api(port);
        assertThat(api.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        assertThat(api.postJson("/messages", "{\"value\": {\"id\": 1, \"name\": \"fine\"}}").status()).isEqualTo(200);
    }

    /**
     * Clients that send a body one byte a second, more of them than Tomcat has request threads: each is cut
     * with 408 once streamgate.api.body-timeout (3 s here) has passed, so the threads come back, and health
     * is answered throughout.
     */
    @Test
    void clientsThatDripTheirBodiesAreCutWith408AndHealthIsAnsweredMeanwhile() throws Exception {
        List<Socket> drippers = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 220; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(("POST /messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                drippers.add(socket);
            }
            Thread drip = new Thread(() -> {
                for (int second = 0; second < 20; second++) {
                    for (Socket socket : drippers) {
                        try {
                            socket.getOutputStream().write("1\r\n \r\n".getBytes(StandardCharsets.ISO_8859_1));
                        } catch (Exception closedByTheService) {
                            // cut: nothing more to send
                        }
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            drip.setDaemon(true);
            drip.start();
            HttpClient health = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> answer = health.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                Thread.sleep(1000);
            }
            for (Socket socket : drippers) {
                String response = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
                answers.add(response);
            }
            drip.interrupt();
        } finally {
            for (Socket socket : drippers) {
                socket.close();
            }
        }
        assertThat(answers).hasSize(220).allSatisfy(answer -> assertThat(answer).isEqualTo("HTTP/1.1 408"));
        assertThat(new Api(port).postJson("/messages", "{\"value\": {\"id\": 1, \"name\": \"after the drip\"}}").status()).isEqualTo(200);
    }

    private void assertRawProblem(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).as(abbreviate(request)).startsWith("HTTP/1.1 4");
            assertThat(response.toLowerCase()).as(abbreviate(response)).contains("content-type: application/problem+json");
            assertThat(response).doesNotContain("Exception").doesNotContain("Apache Tomcat");
        }
    }

    private static void assertProblem(Api.Response response, String endpoint, String input) {
        String what = endpoint + " <- " + abbreviate(input) + " -> " + abbreviate(response.toString());
        assertThat(response.status()).as(what).isBetween(400, 499);
        assertThat(response.isProblem()).as(what).isTrue();
        assertThat(response.json().get("status").asInt()).as(what).isEqualTo(response.status());
        assertThat(response.body()).as(what).doesNotContain("\tat ").doesNotContain("Exception");
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + ")" : text;
    }
}
