package io.streamgate.queries;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.pipeline.plan.QueryPlanner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A failing query is restarted with backoff, shows it in its status, and runs again once the cause is gone. */
@IntegrationTest
@TestPropertySource(properties = {"streamgate.pipeline.restart.initial-backoff=300ms",
        "streamgate.pipeline.restart.max-backoff=1s", "streamgate.pipeline.restart.max-attempts=100"})
class QueryRestartTest {

    @LocalServerPort
    int port;

    @Autowired
    QueryPlanner planner;

    @Test
    void aFailingQueryIsRestartedUntilItRunsAgain() throws Exception {
        Api api = new Api(port);
        Path checkpoint = Path.of(planner.queryDir("streamgate")).resolve("results");
        Path brokenOffsets = checkpoint.resolve("offsets").resolve("0");
        Files.createDirectories(brokenOffsets.getParent());
        Files.writeString(brokenOffsets, "v1\n{not json");
        Files.writeString(checkpoint.resolve("metadata"), "{\"id\":\"" + UUID.randomUUID() + "\"}");

        assertThat(api.post("/queries/start").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode restarts = api.get("/queries/status").json().get("restarts");
            assertThat(restarts.get("count").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(restarts.get("lastFailure").asString()).isNotBlank();
        });

        Files.delete(brokenOffsets); // the operator repairs the checkpoint; the next restart succeeds

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = api.get("/queries/status").json();
            assertThat(status.get("state").asString()).isEqualTo("RUNNING");
            assertThat(status.get("lastProgress").isNull()).isFalse();
        });
        assertThat(api.postJson("/messages", "{\"key\": \"after-repair\", \"value\": {\"id\": 1, \"name\": \"ok\"}}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get("/queries/results?limit=5").body()).contains("after-repair"));

        Api.Response stopped = api.post("/queries/stop");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("restarts").get("nextRestartAt").isNull()).isTrue();
    }
}
