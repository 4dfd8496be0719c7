package io.streamgate.system;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's contract: the OpenAPI document the service serves is docs/openapi.json, so that every change
 * to it shows in review, and it says what a generated client needs (typed answers, problem details,
 * stable operation ids). After a deliberate change: {@code ./mvnw test -Dtest=ApiDocsTest -Dcontract.write=true}.
 */
@IntegrationTest
class ApiDocsTest {

    private static final Path CONTRACT = Path.of("docs", "openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @LocalServerPort
    int port;

    @Test
    void theServedDocumentIsTheContractInTheRepository() throws IOException {
        JsonNode served = new Api(port).get("/v3/api-docs").json();
        if (Boolean.getBoolean("contract.write")) {
            Files.writeString(CONTRACT, JSON.writeValueAsString(served) + "\n");
        }
        assertThat(served).as("docs/openapi.json; after a deliberate change run "
                + "./mvnw test -Dtest=ApiDocsTest -Dcontract.write=true").isEqualTo(JSON.readTree(CONTRACT.toFile()));
    }

    @Test
    void everyOperationHasAStableIdAndEveryResponseASchema() {
        JsonNode spec = new Api(port).get("/v3/api-docs").json();
        Map<String, String> ids = Map.ofEntries(Map.entry("/messages:post", "publishMessage"),
                Map.entry("/messages/batch:post", "publishBatch"),
                Map.entry("/queries/start:post", "startQuery"), Map.entry("/queries/stop:post", "stopQuery"),
                Map.entry("/queries/status:get", "getQueryStatus"), Map.entry("/queries/results:get", "getQueryResults"),
                Map.entry("/queries:get", "listQueries"), Map.entry("/queries/{name}:put", "putQuery"),
                Map.entry("/queries/{name}:get", "getQuery"), Map.entry("/queries/{name}:delete", "deleteQuery"),
                Map.entry("/queries/{name}/start:post", "startNamedQuery"),
                Map.entry("/queries/{name}/stop:post", "stopNamedQuery"),
                Map.entry("/queries/{name}/results:get", "getNamedQueryResults"),
                Map.entry("/queries/{name}/events:get", "streamQueryEvents"), Map.entry("/topics:get", "listTopics"),
                Map.entry("/topics/{topic}/tail:get", "tailTopic"),
                Map.entry("/me:get", "getCaller"),
                Map.entry("/topics/{topic}/messages:post", "publishMessageToTopic"),
                Map.entry("/topics/{topic}/messages/batch:post", "publishBatchToTopic"),
                Map.entry("/streams:get", "listStreams"), Map.entry("/tables:get", "listTables"),
                Map.entry("/streams/{name}:put", "putStream"), Map.entry("/streams/{name}:get", "getStream"),
                Map.entry("/streams/{name}:delete", "deleteStream"), Map.entry("/tables/{name}:put", "putTable"),
                Map.entry("/tables/{name}:get", "getTable"), Map.entry("/tables/{name}:delete", "deleteTable"),
                Map.entry("/archive/query:post", "queryArchive"));
        Set<String> operations = new TreeSet<>();
        spec.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            String operation = path.getKey() + ":" + method.getKey();
            operations.add(operation);
            JsonNode described = method.getValue();
            assertThat(described.get("operationId").asString()).as(operation).isEqualTo(ids.get(operation));
            assertThat(described.get("summary").asString()).as(operation).isNotBlank();
            described.get("responses").properties().forEach(response -> {
                if (response.getKey().equals("204")) {
                    return; // No Content
                }
                JsonNode content = response.getValue().get("content");
                assertThat(content).as("%s %s has a body", operation, response.getKey()).isNotNull();
                boolean stream = path.getKey().endsWith("/tail") || path.getKey().endsWith("/events");
                String mediaType = !response.getKey().startsWith("2") ? "application/problem+json"
                        : stream ? "text/event-stream" : "application/json";
                assertThat(content.get(mediaType).get("schema")).as("%s %s %s", operation, response.getKey(), mediaType)
                        .isNotNull();
            });
            if (path.getKey().startsWith("/messages") || path.getKey().startsWith("/queries")
                    || path.getKey().startsWith("/topics")) {
                assertThat(described.get("responses").has("401")).as(operation + " documents 401").isTrue();
            }
        }));
        assertThat(operations).as("the API's operations, and not the container's error page")
                .containsExactlyInAnyOrderElementsOf(ids.keySet());
        assertThat(spec.get("components").get("schemas").propertyNames())
                .contains("Problem", "QueryStatus", "PublishedRecord", "BatchItemResult", "ProcessedRecord", "QueryInfo",
                        "QueryRequest", "OutputColumn");
        assertThat(spec.get("components").get("schemas").get("MessageRequest").get("properties").get("value").has("type"))
                .as("a message's value is any JSON value").isFalse();
    }

    @Test
    void swaggerUiIsServed() {
        Api.Response ui = new Api(port).get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger");
    }

    @Test
    void unknownPathsAndWrongMethodsAreProblemDetails() {
        Api api = new Api(port);
        Api.Response notFound = api.get("/nowhere");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.isProblem()).isTrue();

        Api.Response wrongMethod = api.get("/messages");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.isProblem()).isTrue();
    }

}
