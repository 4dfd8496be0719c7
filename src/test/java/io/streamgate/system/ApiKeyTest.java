package io.streamgate.system;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With an API key configured, the API needs it; health and the docs do not. */
@IntegrationTest
@TestPropertySource(properties = "streamgate.security.api-key=s3cret-key")
class ApiKeyTest {

    @LocalServerPort
    int port;

    @Test
    void withoutTheKeyTheApiAnswers401WithProblemDetails() {
        Api api = new Api(port);
        for (Api.Response response : new Api.Response[] {
                api.postJson("/messages", "{\"value\": 1}"),
                api.postJson("/messages/batch", "[{\"value\": 1}]"),
                api.post("/queries/start"),
                api.post("/queries/stop"),
                api.get("/queries/status"),
                api.get("/queries/results"),
                api.get("/queries"),
                api.putJson("/queries/mine", "{\"sql\": \"SELECT key FROM events\"}"),
                api.delete("/queries/mine"),
                api.get("/topics"),
                api.get("/topics/testTopic/tail"),
                api.get("/queries/streamgate/events")}) {
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.json().get("detail").asString()).contains("X-API-Key");
        }
    }

    @Test
    void aWrongKeyIs401AndTheRightKeyGetsThrough() {
        Api wrong = new Api(port, Map.of("X-API-Key", "s3cret-kez"));
        assertThat(wrong.postJson("/messages", "{\"value\": 1}").status()).isEqualTo(401);

        Api right = new Api(port, Map.of("X-API-Key", "s3cret-key"));
        Api.Response stored = right.postJson("/messages", "{\"value\": {\"id\": 1, \"name\": \"a\"}}");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(right.get("/queries/status").status()).isEqualTo(200);
        assertThat(right.get("/me").json().get("scopes").toString()).isEqualTo("[\"read\",\"produce\",\"operate\"]");
        assertThat(right.get("/me").json().get("accepts").toString()).isEqualTo("[\"api-key\"]");
    }

    @Test
    void healthMetricsAndDocsStayOpen() {
        Api api = new Api(port);
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("/").status()).as("the console's page; its calls carry the key").isEqualTo(200);
    }

    @Test
    void healthDetailsGoOnlyToCallersWithTheKey() {
        JsonNode anonymous = new Api(port).get("/actuator/health").json();
        assertThat(anonymous.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.toString()).doesNotContain("details", "clusterId", "127.0.0.1");

        JsonNode withKey = new Api(port, Map.of("X-API-Key", "s3cret-key")).get("/actuator/health").json();
        assertThat(withKey.get("components").get("kafka").get("details").get("nodes").asInt()).isEqualTo(1);
        assertThat(withKey.get("components").get("spark").get("details").get("master").asString()).isEqualTo("local[2]");
    }

    @Test
    void requestsAreTimedWithoutSpringSecurityObservations() {
        Api right = new Api(port, Map.of("X-API-Key", "s3cret-key"));
        assertThat(right.get("/queries/status").status()).isEqualTo(200);
        assertThat(new Api(port, Map.of("X-API-Key", "wrong")).get("/queries/status").status()).isEqualTo(401);

        Api api = new Api(port);
        assertThat(api.get("/actuator/metrics/http.server.requests").status()).isEqualTo(200);
        for (String securityObservation : new String[] {"spring.security.filterchains",
                "spring.security.authentications", "spring.security.authorizations"}) {
            assertThat(api.get("/actuator/metrics/" + securityObservation).status()).as(securityObservation).isEqualTo(404);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeTheKeyIsChecked() {
        Api.Response response = new Api(port).post("/messages", Api.TEXT,
                HttpRequest.BodyPublishers.ofString("x".repeat(2 * 1024 * 1024)), Map.of());
        assertThat(response.status()).isEqualTo(413);
    }
}
