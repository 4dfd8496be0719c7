package io.streamgate.system;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.QueryStoppedAfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and odd requests to every endpoint. Malformed ones must get a 4xx with problem details,
 * odd-but-valid ones a 2xx, none a 500, and the service must stay healthy throughout.
 */
@IntegrationTest
class FuzzTest extends QueryStoppedAfterEach {

    private static final List<String> POST_ENDPOINTS = List.of("/messages", "/messages/batch", "/queries/start");

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
