package io.streamgate.system;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Swagger UI, the OpenAPI document, and errors that never reach a controller. */
@IntegrationTest
class ApiDocsTest {

    @LocalServerPort
    int port;

    @Test
    void everyEndpointIsDescribedWithAnExample() {
        JsonNode spec = new Api(port).get("/v3/api-docs").json();
        JsonNode paths = spec.get("paths");
        List<String> operations = List.of("/messages:post", "/messages/batch:post", "/queries/start:post",
                "/queries/stop:post", "/queries/status:get", "/queries/results:get");
        for (String operation : operations) {
            String[] pathAndMethod = operation.split(":");
            JsonNode described = paths.get(pathAndMethod[0]).get(pathAndMethod[1]);
            assertThat(described).as(operation).isNotNull();
            assertThat(described.get("summary").asString()).as(operation).isNotBlank();
            assertThat(described.toString()).as(operation + " has an example").contains("example");
        }
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
