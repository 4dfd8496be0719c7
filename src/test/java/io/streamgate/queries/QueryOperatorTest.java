package io.streamgate.queries;

import io.streamgate.pipeline.QueryStartRefusedExceptions;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.definition.TestPipelineProperties;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.spark.SparkProperties;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.queries.store.QueryStore;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * One query's commands and Spark's events about its runs, in every order that matters, against runs a
 * test drives: what state each leaves, and what each refuses.
 */
class QueryOperatorTest {

    private static final long MAX_STATE_ROWS = 100;

    private static final StartQueryRequest NO_OPTIONS = StartQueryRequest.DEFAULTS;
    private static final PipelineProperties SETTINGS = TestPipelineProperties.with(Map.of());
    private static final SparkProperties SPARK = new SparkProperties("local[1]", "test", false, 1, null, null);

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final FakeLauncher launcher = new FakeLauncher(clock);
    private final List<QueryOperator> all = new ArrayList<>();
    private final RunIndex runs = new RunIndex();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private QueryOperator query(int maxRestarts, Duration backoff) {
        return query(maxRestarts, backoff, SETTINGS);
    }

    private QueryOperator query(int maxRestarts, Duration backoff, PipelineProperties settings) {
        OperatorContext context = new OperatorContext(launcher, new Admission(8, () -> all), runs,
                Duration.ofSeconds(5), MAX_STATE_ROWS, new UnstoppedRuns(new RunTasks(new SparkConnection(SPARK, clock)),
                new QueriesProperties(8, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1)), clock));
        QueryStore store = new QueryStore(new Storage(SPARK),
                dir.toUri(), JsonMapper.builder().build(), new QueryStore.Defaults("testTopic", settings.builtInSinks()));
        QueryOperator query = new QueryOperator("streamgate", new DefinedBy.Settings(settings, "testTopic"), context, store,
                new Restarts(new RestartPolicy(maxRestarts, backoff, backoff), clock, scheduler),
                new QueryStatusReader("streamgate", JsonMapper.builder().build(), MAX_STATE_ROWS));
        all.add(query);
        return query;
    }

    @Test
    void aStartRunsTheQueryAndASecondStartIsAConflict() {
        QueryOperator query = query(3, Duration.ZERO);

        QueryStatus started = query.start(NO_OPTIONS);

        assertThat(started.state()).isEqualTo(QueryState.RUNNING);
        assertThat(started.runId()).isEqualTo(launcher.last().runId().toString());
        assertThat(runs.find(started.runId())).contains(query);
        assertThat(query.store().read().running()).isTrue();
        assertThat(query.store().read().definition()).hasValueSatisfying(
                definition -> assertThat(definition.select()).isEqualTo(new Select.BuiltIn()));
        assertThatThrownBy(() -> query.start(NO_OPTIONS)).isInstanceOfSatisfying(QueryStateException.class, e -> {
            assertThat(e).hasMessageContaining("already running");
            assertThat(e.status().state()).isEqualTo(QueryState.RUNNING);
        });
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void aStopStopsTheRunAndTheStoreSaysSoAndASecondStopIsAConflict() {
        QueryOperator query = query(3, Duration.ZERO);
        query.start(NO_OPTIONS);

        QueryStatus stopped = query.stop();

        assertThat(stopped.state()).isEqualTo(QueryState.STOPPED);
        assertThat(stopped.stoppedAt()).isNotNull();
        assertThat(launcher.last().stops).isEqualTo(1);
        assertThat(query.store().read().running()).as("not resumed at the next start of the app").isFalse();
        assertThatThrownBy(query::stop).isInstanceOf(QueryStateException.class).hasMessageContaining("No query is running");
    }

    @Test
    void aRunThatFailsIsRestartedWithANewRun() {
        QueryOperator query = query(3, Duration.ZERO);
        String firstRun = query.start(NO_OPTIONS).runId();

        launcher.last().fail("the checkpoint is broken");
        query.settleRun();

        await().atMost(Duration.ofSeconds(10)).until(() -> launcher.started.size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> query.status().state() == QueryState.RUNNING);
        QueryStatus restarted = query.status();
        assertThat(restarted.runId()).isNotEqualTo(firstRun);
        assertThat(restarted.restarts().count()).isEqualTo(1);
        assertThat(restarted.restarts().lastFailure()).isEqualTo("the checkpoint is broken");
        assertThat(runs.find(firstRun)).as("the old run is forgotten").isEmpty();
    }

    @Test
    void withNoRestartLeftAFailedRunStaysFailedUntilAStart() {
        QueryOperator query = query(0, Duration.ZERO);
        query.start(NO_OPTIONS);

        launcher.last().fail("boom");
        assertThat(query.status().state()).as("Spark's own view, before the event").isEqualTo(QueryState.FAILED);
        query.settleRun();

        assertThat(query.status().state()).isEqualTo(QueryState.FAILED);
        assertThat(query.status().failure()).isEqualTo("boom");
        assertThatThrownBy(query::stop).isInstanceOf(QueryStateException.class);
        assertThat(query.start(NO_OPTIONS).state()).isEqualTo(QueryState.RUNNING);
        assertThat(launcher.started).hasSize(2);
    }

    @Test
    void aRunThatRanOutOfMemoryIsNotRestartedAndSaysWhatWouldHelp() {
        QueryOperator query = query(3, Duration.ZERO);
        query.start(NO_OPTIONS);

        launcher.last().fail("Query terminated with exception", new OutOfMemoryError("Java heap space"));
        query.settleRun();

        QueryStatus failed = query.status();
        assertThat(failed.state()).isEqualTo(QueryState.FAILED);
        assertThat(failed.failure()).startsWith("ran out of memory").contains("max-offsets-per-trigger");
        assertThat(failed.restarts().nextRestartAt()).as("the same input would do it again").isNull();
        assertThat(failed.restarts().count()).isZero();
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void aRunWhoseStateGoesPastItsBoundFailsAndIsNotRestarted() {
        QueryOperator query = query(3, Duration.ZERO);
        query.start(NO_OPTIONS);
        String runId = launcher.last().runId().toString();

        query.runProgressed(runId, progressWithState(MAX_STATE_ROWS));
        assertThat(query.status().state()).as("at the bound").isEqualTo(QueryState.RUNNING);
        query.runProgressed(runId, progressWithState(MAX_STATE_ROWS + 1));

        QueryStatus failed = query.status();
        assertThat(failed.state()).isEqualTo(QueryState.FAILED);
        assertThat(failed.failure()).startsWith("keeps " + (MAX_STATE_ROWS + 1) + " rows of state")
                .contains("streamgate.pipeline.max-state-rows", "watermark");
        assertThat(failed.restarts().nextRestartAt()).as("the state would grow past it again").isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> !launcher.last().isActive());
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void aStopCancelsARestartThatIsDue() {
        QueryOperator query = query(3, Duration.ofHours(1));
        query.start(NO_OPTIONS);
        launcher.last().fail("boom");
        query.settleRun();
        assertThat(query.status().restarts().nextRestartAt()).isNotNull();

        QueryStatus stopped = query.stop();

        assertThat(stopped.state()).isEqualTo(QueryState.STOPPED);
        assertThat(stopped.restarts().nextRestartAt()).isNull();
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void aCommandFindsARunSparkEndedBeforeItsEventCame() {
        QueryOperator query = query(0, Duration.ZERO);
        query.start(NO_OPTIONS);
        launcher.last().fail("boom");

        assertThat(query.start(NO_OPTIONS).state()).as("no event yet: the start itself sees the run ended")
                .isEqualTo(QueryState.RUNNING);
    }

    @Test
    void aRunSparkEndedWithoutAFailureIsStoppedAndResumesWithTheNextSession() {
        QueryOperator query = query(3, Duration.ZERO);
        query.start(NO_OPTIONS);

        launcher.last().end(); // Spark's session went, and the run with it
        query.settleRun();
        assertThat(query.status().state()).isEqualTo(QueryState.STOPPED);
        assertThat(query.store().read().running()).as("it should be running").isTrue();

        query.resume();
        assertThat(query.status().state()).isEqualTo(QueryState.RUNNING);
        assertThat(launcher.started).hasSize(2);
    }

    @Test
    void aResumeStartsOnlyWhatTheStoreSaysWasRunning() {
        QueryOperator query = query(3, Duration.ZERO);
        query.resume();
        assertThat(query.status().state()).isEqualTo(QueryState.NOT_STARTED);

        query.start(NO_OPTIONS);
        query.stop();
        query.resume();
        assertThat(query.status().state()).isEqualTo(QueryState.STOPPED);
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void theDefaultQueryResumesWhereItStoppedWithTheSinksTheSettingsSayNow() {
        QueryOperator before = query(3, Duration.ZERO, TestPipelineProperties.with(Map.of("archive.enabled", "true")));
        before.start(new StartQueryRequest(null, "750ms", null, null));
        before.shutdown();

        QueryOperator after = query(3, Duration.ZERO, TestPipelineProperties.with(Map.of("archive.enabled", "false",
                "console.enabled", "false")));
        after.resume();

        assertThat(after.status().state()).isEqualTo(QueryState.RUNNING);
        assertThat(after.currentPlan()).hasValueSatisfying(plan -> {
            assertThat(plan.definition().trigger()).as("the start's option").isEqualTo("750ms");
            assertThat(plan.definition().sinks().archive()).isFalse();
            assertThat(plan.definition().sinks().console()).isFalse();
            assertThat(plan.definition().sinks().deadLetters()).isTrue();
        });
    }

    @Test
    void aDefinitionIsReplacedOnlyWhileTheQueryIsStopped() {
        QueryOperator query = query(3, Duration.ZERO);
        assertThat(query.whileStopped(() -> "replaced")).isEqualTo("replaced");
        query.start(NO_OPTIONS);
        assertThatThrownBy(() -> query.whileStopped(() -> "replaced")).isInstanceOf(QueryStateException.class)
                .hasMessageContaining("stop it first");
    }

    @Test
    void aClosedQueryTakesNoMoreCommands() {
        QueryOperator query = query(3, Duration.ZERO);
        query.start(NO_OPTIONS);

        query.close();

        assertThat(launcher.last().isActive()).isFalse();
        assertThat(runs.find(launcher.last().runId().toString())).isEmpty();
        assertThatThrownBy(() -> query.start(NO_OPTIONS)).isInstanceOf(QueryNotFoundException.class);
        assertThatThrownBy(query::stop).isInstanceOf(QueryNotFoundException.class);
        assertThatThrownBy(() -> query.whileStopped(() -> "x")).isInstanceOf(QueryNotFoundException.class);
        query.resume();
        assertThat(launcher.started).hasSize(1);
    }

    @Test
    void aShutdownStopsTheRunAndLeavesItToResumeAtTheNextStartOfTheApp() {
        QueryOperator query = query(3, Duration.ZERO);
        query.start(NO_OPTIONS);

        query.shutdown();
        query.shutdown(); // Spark's hook and Spring both call it

        assertThat(launcher.last().stops).isEqualTo(1);
        assertThat(query.store().read().running()).isTrue();
    }

    @Test
    void aStartThatFailsIsARefusalAndLeavesTheQueryAsItWas() {
        QueryOperator query = query(3, Duration.ZERO);
        launcher.failNext = QueryStartRefusedExceptions.of(new IllegalStateException("Cannot read the offset log"));

        assertThatThrownBy(() -> query.start(NO_OPTIONS)).isInstanceOfSatisfying(QueryStateException.class,
                e -> assertThat(e).hasMessageContaining("Cannot read the offset log").hasMessageContaining("startingOffsets"));

        assertThat(query.status().state()).isEqualTo(QueryState.NOT_STARTED);
        assertThat(query.start(NO_OPTIONS).state()).isEqualTo(QueryState.RUNNING);
    }

    /** A progress of one stateful operator keeping that many rows, and nothing else. */
    private static StreamingQueryProgress progressWithState(long rows) {
        StateOperatorProgress operator = mock(StateOperatorProgress.class);
        when(operator.numRowsTotal()).thenReturn(rows);
        StreamingQueryProgress progress = mock(StreamingQueryProgress.class);
        when(progress.stateOperators()).thenReturn(new StateOperatorProgress[] {operator});
        when(progress.sources()).thenReturn(new SourceProgress[0]);
        when(progress.eventTime()).thenReturn(Map.of());
        return progress;
    }
}
