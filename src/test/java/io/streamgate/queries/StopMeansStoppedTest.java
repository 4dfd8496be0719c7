package io.streamgate.queries;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a stop answers, none of the run's tasks run: Spark cancels its jobs with interruption, and the
 * service waits to see them end. A task that ignores the interrupt (a regular expression that
 * backtracks; the guard's star-height bound is raised so that it runs) is named in the status and in
 * health, and its query gets no new run, not even under the same name after a DELETE, until it ends.
 * What runs is read from the JVM's threads, apart from what the service says.
 */
@IntegrationTest
@TestPropertySource(properties = {"streamgate.pipeline.sql-limits.max-star-height=3",
        "streamgate.queries.task-end-timeout=2s", "streamgate.pipeline.stop-timeout=1s"})
class StopMeansStoppedTest {

    /** Star height 3 and a backreference: the JDK's matcher backtracks about three times longer per 'a'. */
    private static final String BACKTRACKING = "((a+)+)+\\2b";
    /** How long the task should run: long past the stop's bound, short enough for a test. */
    private static final Duration TASK_TIME = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Test
    void aStopAnswersOnceTheRunsTasksEnded() {
        Api api = new Api(port);
        assertThat(api.putJson("/queries/plain", query("SELECT key, upper(value) AS v FROM events")).status())
                .isEqualTo(201);
        assertThat(api.post("/queries/plain/start").status()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            assertThat(api.postJson("/messages", "{\"key\": \"k" + i + "\", \"value\": \"v" + i + "\"}").status())
                    .isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/queries/plain/results").json().size() == 20);

        Api.Response stopped = api.post("/queries/plain/stop");

        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("state").asString()).isEqualTo("STOPPED");
        assertThat(stopped.json().get("stillRunning").isNull()).isTrue();
        assertThat(sparkTasksRunning()).as("Spark tasks running after the stop answered").isZero();
        assertThat(api.delete("/queries/plain").status()).isEqualTo(204);
    }

    @Test
    void aTaskThatIgnoresTheInterruptIsShownAndHoldsOffANewRunUntilItEnds() {
        Api api = new Api(port);
        String record = Api.toJson(Map.of("key", "hostile", "value", "a".repeat(backtrackingLength()) + "!"));
        String sql = "SELECT key, value rlike '" + BACKTRACKING.replace("\\", "\\\\") + "' AS m FROM events";
        assertThat(api.putJson("/queries/backtrack", query(sql)).status()).isEqualTo(201);
        Api.Response started = api.post("/queries/backtrack/start");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String runId = started.json().get("runId").asString();
        assertThat(api.postJson("/messages", record).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(StopMeansStoppedTest::matching);

        Api.Response stopped = api.post("/queries/backtrack/stop");

        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().get("state").asString()).isEqualTo("STOPPED");
        assertThat(stopped.json().get("stillRunning").get("tasks").asInt()).isEqualTo(1);
        assertThat(stopped.json().get("stillRunning").get("runId").asString()).isEqualTo(runId);
        assertThat(matching()).as("the regular expression still runs").isTrue();
        assertThat(api.get("/queries/backtrack").json().at("/status/stillRunning/tasks").asInt()).isEqualTo(1);
        Api.Response refused = api.post("/queries/backtrack/start");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("still run", runId);
        assertThat(unstoppedRun(api, "backtrack").get("runId").asString()).isEqualTo(runId);

        // Deleted, and defined again under its name: still no new run while the old task runs.
        assertThat(api.delete("/queries/backtrack").status()).isEqualTo(204);
        assertThat(unstoppedRun(api, "backtrack").get("tasks").asInt()).isEqualTo(1);
        assertThat(api.putJson("/queries/backtrack", query("SELECT key FROM events")).status()).isEqualTo(201);
        assertThat(api.post("/queries/backtrack/start").status()).isEqualTo(409);
        assertThat(matching()).as("the regular expression still runs").isTrue();

        await().atMost(TASK_TIME.multipliedBy(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !matching());
        await().atMost(Duration.ofSeconds(10)).until(() -> unstoppedRun(api, "backtrack").isMissingNode());
        assertThat(api.get("/queries/backtrack").json().at("/status/stillRunning").isNull()).isTrue();
        Api.Response again = api.post("/queries/backtrack/start");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(api.post("/queries/backtrack/stop").json().get("stillRunning").isNull()).isTrue();
        assertThat(api.delete("/queries/backtrack").status()).isEqualTo(204);
    }

    private static String query(String sql) {
        return Api.toJson(Map.of("sql", sql, "startingOffsets", "latest"));
    }

    private static JsonNode unstoppedRun(Api api, String query) {
        return api.get("/actuator/health").json().at("/components/unstoppedRuns/details/runs/" + query);
    }

    /** Threads of Spark's executor in a task's run. */
    private static long sparkTasksRunning() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals("org.apache.spark.scheduler.Task")
                        && frame.getMethodName().equals("run")))
                .count();
    }

    /** Whether a task is in the JDK's matcher now. */
    private static boolean matching() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("Executor task launch worker"))
                .anyMatch(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().startsWith("java.util.regex.")));
    }

    /**
     * The length of a run of 'a's that keeps the matcher busy for about {@link #TASK_TIME} on this machine:
     * the time grows by a steady factor for each 'a' (about three), measured here on two shorter inputs.
     */
    private static int backtrackingLength() {
        Pattern pattern = Pattern.compile(BACKTRACKING);
        double shorter = Math.max(1, fastestMatch(pattern, 14));
        double longer = Math.max(shorter + 1, fastestMatch(pattern, 16));
        // At least doubling: a factor measured too low would aim at minutes, past the test's wait.
        double perA = Math.max(2, Math.sqrt(longer / shorter));
        int more = (int) Math.ceil(Math.log(TASK_TIME.toMillis() / longer) / Math.log(perA));
        return Math.min(22, 16 + Math.max(1, more));
    }

    /** The fastest of three matches: the first ones run before the JIT compiled the matcher, several times slower. */
    private static long fastestMatch(Pattern pattern, int as) {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            pattern.matcher("a".repeat(as) + "!").find(0);
            fastest = Math.min(fastest, (System.nanoTime() - start) / 1_000_000);
        }
        return fastest;
    }
}
