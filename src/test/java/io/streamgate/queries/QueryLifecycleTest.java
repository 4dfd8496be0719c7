package io.streamgate.queries;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.spark.SparkConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Start, stop and status over REST, with the real SparkSession behind them. */
@IntegrationTest
// Automatic restarts would turn the deliberately broken run below into a FAILED/RUNNING cycle.
@TestPropertySource(properties = "streamgate.pipeline.restart.max-attempts=0")
class QueryLifecycleTest {

    @LocalServerPort
    int port;

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
    void stopQuery() {
        api.post("/queries/stop");
    }

    @Test
    void startThenStopMovesThroughRunningToStopped() {
        Api.Response started = api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\", \"trigger\": \"250 ms\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        JsonNode running = started.json();
        assertThat(running.get("state").asString()).isEqualTo("RUNNING");
        assertThat(running.get("id").asString()).isNotBlank();
        assertThat(running.get("runId").asString()).isNotBlank();
        assertThat(running.get("startedAt").asString()).isNotBlank();
        assertThat(running.get("trigger").asString()).isEqualTo("250 ms");
        assertThat(running.get("status").has("isDataAvailable")).isTrue();
        assertThat(running.get("status").has("isTriggerActive")).isTrue();
        assertThat(api.get("/queries/status").json().get("state").asString()).isEqualTo("RUNNING");
        assertThat(spark.session().streams().active()).hasSize(1); // the main query, which writes the archive too

        Api.Response stopped = api.post("/queries/stop");
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
        assertThat(stopped.json().get("state").asString()).isEqualTo("STOPPED");
        assertThat(stopped.json().get("runId").asString()).isEqualTo(running.get("runId").asString());
        assertThat(stopped.json().get("stoppedAt").asString()).isNotBlank();
        assertThat(spark.session().streams().active()).isEmpty();
        assertThat(api.get("/queries/status").json().get("state").asString()).isEqualTo("STOPPED");
    }

    @Test
    void startingTwiceIsAConflict() {
        assertThat(api.post("/queries/start").status()).isEqualTo(200);

        Api.Response again = api.post("/queries/start");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.isProblem()).isTrue();
        assertThat(again.json().get("state").asString()).isEqualTo("RUNNING");
        assertThat(spark.session().streams().active()).hasSize(1);
    }

    @Test
    void stoppingWhenNothingRunsIsAConflict() {
        api.post("/queries/stop");
        Api.Response stop = api.post("/queries/stop");
        assertThat(stop.status()).as(stop.toString()).isEqualTo(409);
        assertThat(stop.isProblem()).isTrue();
    }

    @Test
    void aRestartWithoutOffsetsResumesTheSameQueryFromItsCheckpoint() {
        JsonNode first = api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").json();
        api.post("/queries/stop");

        JsonNode resumed = api.post("/queries/start").json();
        assertThat(resumed.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(resumed.get("runId").asString()).isNotEqualTo(first.get("runId").asString());
    }

    @Test
    void badStartOptionsAreBadRequestsAndStartNothing() {
        assertBadRequest(api.postJson("/queries/start", "{\"startingOffsets\": \"yesterday\"}"), "startingOffsets");
        assertBadRequest(api.postJson("/queries/start", "{\"trigger\": \"soon\"}"), "trigger");
        assertBadRequest(api.postJson("/queries/start", "{\"schema\": \"id BIGINTT\"}"), "schema");
        assertBadRequest(api.postJson("/queries/start", "{\"trigger\": "), "JSON");
        assertThat(spark.session().streams().active()).isEmpty();
    }

    @Test
    void aQueryThatDiesOnItsOwnShowsAsFailedAndMakesHealthDown() throws Exception {
        // A corrupt offset log in the checkpoint: Spark fails while resuming, in the query's own thread.
        Path checkpoint = Path.of(planner.queryDir("streamgate")).resolve("results");
        Files.createDirectories(checkpoint.resolve("offsets"));
        Files.writeString(checkpoint.resolve("offsets").resolve("0"), "v1\n{not json");
        Files.writeString(checkpoint.resolve("metadata"), "{\"id\":\"" + java.util.UUID.randomUUID() + "\"}");

        Api.Response started = api.post("/queries/start");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get("/queries/status").json().get("state").asString()).isEqualTo("FAILED"));
        JsonNode failed = api.get("/queries/status").json();
        assertThat(failed.get("failure").asString()).isNotBlank();
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.get("components").get("streamingQuery").get("status").asString()).isEqualTo("DOWN");
        assertThat(api.post("/queries/stop").status()).isEqualTo(409);

        // Starting from an explicit offset drops the broken checkpoint.
        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"latest\"}").status()).isEqualTo(200);
        assertThat(api.get("/queries/status").json().get("state").asString()).isEqualTo("RUNNING");
    }

    @Test
    void aCheckpointSparkRefusesIsAConflictThatAFreshStartResolves() throws Exception {
        Path checkpoint = Path.of(planner.queryDir("streamgate")).resolve("results");
        Files.createDirectories(checkpoint.resolve("offsets"));
        Files.writeString(checkpoint.resolve("offsets").resolve("0"), "v1\n{}");
        Files.deleteIfExists(checkpoint.resolve("metadata"));

        Api.Response refused = api.post("/queries/start");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("startingOffsets");
        assertThat(spark.session().streams().active()).isEmpty();

        assertThat(api.postJson("/queries/start", "{\"startingOffsets\": \"earliest\"}").status()).isEqualTo(200);
    }

    @Test
    void healthShowsKafkaSparkAndTheQuery() {
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode components = health.get("components");
        assertThat(components.get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("kafka").get("details").get("nodes").asInt()).isEqualTo(1);
        assertThat(components.get("spark").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("spark").get("details").get("master").asString()).isEqualTo("local[2]");
        assertThat(components.get("streamingQuery").get("status").asString()).isEqualTo("UP");
    }

    private static void assertBadRequest(Api.Response response, String mentioned) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asString()).contains(mentioned);
    }
}
