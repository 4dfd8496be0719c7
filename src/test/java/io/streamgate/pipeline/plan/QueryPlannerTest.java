package io.streamgate.pipeline.plan;

import io.streamgate.kafka.Topics;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.definition.Sinks;
import io.streamgate.pipeline.definition.TestPipelineProperties;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.spark.SparkProperties;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.pipeline.storage.StorageNotSharedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * What Spark will run for a definition, and every combination refused while planning. Real-time mode's
 * cores are those of a real local master with two.
 */
class QueryPlannerTest {

    private static SparkConnection localSpark;

    @TempDir
    Path dir;

    private final Topics topics = mock(Topics.class);

    @BeforeAll
    static void startSpark() {
        localSpark = new SparkConnection(new SparkProperties("local[2]", "query-planner-test", false, 1,
                Map.of("spark.driver.host", "127.0.0.1"), null), Clock.systemUTC());
        localSpark.start();
    }

    @AfterAll
    static void stopSpark() {
        localSpark.stop();
    }

    private QueryPlanner planner(SparkConnection spark, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("checkpoint-dir", dir.resolve("checkpoints").toString(),
                "archive.path", dir.resolve("archive").toString(), "max-offsets-per-trigger", "1000",
                "max-records-per-task", "100"));
        all.putAll(settings);
        SparkProperties sparkSettings = new SparkProperties("local[1]", "test", false, 1, null, null);
        return new QueryPlanner(TestPipelineProperties.with(all), spark, new Storage(sparkSettings), topics, Clock.systemUTC());
    }

    private static QueryDefinition builtIn(String mode, Sinks sinks) {
        return defaults().definition("testTopic", "earliest", null, null, mode, new Select.BuiltIn(), sinks);
    }

    private static QueryDefinition sql(Sinks sinks) {
        return defaults().definition("testTopic", "earliest", null, null, null,
                new Select.Sql("SELECT key FROM events", null, OutputMode.APPEND), sinks);
    }

    private static PipelineProperties defaults() {
        return TestPipelineProperties.with(Map.of());
    }

    private static final Sinks ALL_OF_THE_DEFAULT_QUERYS = new Sinks(true, true, true, Optional.empty());
    private static final Sinks NO_ARCHIVE = new Sinks(true, false, true, Optional.empty());

    @Test
    void aMicroBatchReadsInCappedBatchesAndWritesTheArchiveItself() {
        QueryPlan plan = planner(localSpark, Map.of()).plan("streamgate", builtIn(null, ALL_OF_THE_DEFAULT_QUERYS), false,
                Optional.empty(), 0);

        assertThat(plan.engine()).isEqualTo(new Engine.MicroBatch(0, 1000, 100));
        assertThat(plan.archive()).isInstanceOf(ArchivePlan.ByMainQuery.class);
        assertThat(Path.of(plan.checkpoint())).isEqualTo(dir.resolve("checkpoints").resolve("streamgate").resolve("results"));
        assertThat(plan.coresHeld()).isZero();
    }

    @Test
    void withoutTheArchiveSinkThereIsNoArchive() {
        QueryPlan plan = planner(localSpark, Map.of()).plan("streamgate", builtIn(null, NO_ARCHIVE), false, Optional.empty(), 0);
        assertThat(plan.archive()).isEqualTo(new ArchivePlan.None());
        assertThat(plan.archiveLog()).isEmpty();
    }

    @Test
    void sinksTheRowsCannotFeedAreRefused() {
        QueryPlanner planner = planner(localSpark, Map.of());
        assertThatThrownBy(() -> planner.plan("q", sql(new Sinks(false, false, true, Optional.empty())), false,
                Optional.empty(), 0)).isInstanceOf(InvalidQueryException.class).hasMessageContaining("Dead letters");
        assertThatThrownBy(() -> planner.plan("q", sql(new Sinks(false, true, false, Optional.empty())), false,
                Optional.empty(), 0)).isInstanceOf(InvalidQueryException.class).hasMessageContaining("archive");
        assertThatThrownBy(() -> planner.plan("q", builtIn(null, new Sinks(false, false, false, Optional.of("out"))), false,
                Optional.empty(), 0)).isInstanceOf(InvalidQueryException.class).hasMessageContaining("output topic");
        assertThat(planner.plan("q", sql(Sinks.outputTo("out")), false, Optional.empty(), 0).archive())
                .isEqualTo(new ArchivePlan.None());
    }

    @Test
    void realTimeModeHoldsACoreForEachPartitionAndItsArchiveQueryRunsOnTheReservedOnes() {
        when(topics.partitions("testTopic")).thenReturn(OptionalInt.of(1));
        QueryPlanner planner = planner(localSpark, Map.of());

        QueryPlan plan = planner.plan("streamgate", builtIn("real-time", ALL_OF_THE_DEFAULT_QUERYS), false, Optional.empty(), 0);

        assertThat(plan.engine()).isEqualTo(new Engine.RealTime(300_000));
        assertThat(plan.archive()).isInstanceOf(ArchivePlan.OwnQuery.class);
        assertThat(plan.coresHeld()).isEqualTo(1);
        assertThat(planner.plan("q", builtIn("real-time", NO_ARCHIVE), false, Optional.empty(), 0).coresHeld()).isEqualTo(1);
    }

    @Test
    void realTimeModeIsRefusedTheCoresItCannotHave() {
        QueryPlanner planner = planner(localSpark, Map.of());
        when(topics.partitions("testTopic")).thenReturn(OptionalInt.of(1));
        assertThatThrownBy(() -> planner.plan("q", builtIn("real-time", ALL_OF_THE_DEFAULT_QUERYS), false, Optional.empty(), 1))
                .isInstanceOf(TooManyQueriesException.class).hasMessageContaining("other real-time queries hold 1");

        when(topics.partitions("testTopic")).thenReturn(OptionalInt.of(2));
        assertThatThrownBy(() -> planner.plan("q", builtIn("real-time", NO_ARCHIVE), false, Optional.empty(), 0))
                .as("of the master's 2 cores, 1 stays for micro-batches")
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("needs 2 cores")
                .hasMessageContaining("reserved-cores");
        QueryPlanner noReserve = planner(localSpark, Map.of("real-time.reserved-cores", "0"));
        assertThat(noReserve.plan("q", builtIn("real-time", NO_ARCHIVE), false, Optional.empty(), 0).coresHeld()).isEqualTo(2);
    }

    @Test
    void onAClusterLocalStorageIsRefusedUnlessDeclaredShared() {
        SparkConnection cluster = new SparkConnection(new SparkProperties("spark://master:7077", "test", false, 1, null, null),
                Clock.systemUTC()); // never started: a plan of micro-batches does not ask it for a session

        assertThatThrownBy(() -> planner(cluster, Map.of()).plan("streamgate", builtIn(null, ALL_OF_THE_DEFAULT_QUERYS),
                false, Optional.empty(), 0)).isInstanceOf(StorageNotSharedException.class)
                .hasMessageContaining("checkpoint-dir").hasMessageContaining("archive.path");
        assertThatThrownBy(() -> planner(cluster, Map.of("checkpoint-dir", "hdfs://namenode/checkpoints")).plan("streamgate",
                builtIn(null, ALL_OF_THE_DEFAULT_QUERYS), false, Optional.empty(), 0))
                .isInstanceOf(StorageNotSharedException.class).hasMessageNotContaining("checkpoint-dir");
        assertThat(planner(cluster, Map.of("shared-storage", "true")).plan("streamgate",
                builtIn(null, ALL_OF_THE_DEFAULT_QUERYS), false, Optional.empty(), 0)).isNotNull();
        assertThatThrownBy(() -> planner(cluster, Map.of()).plan("q", builtIn("real-time", NO_ARCHIVE), false,
                Optional.empty(), 0)).isInstanceOf(InvalidQueryException.class).hasMessageContaining("local Spark master");
    }

    @Test
    void aFreshStartDoesNotGoOnWithTheSavedArchive() {
        QueryPlanner planner = planner(localSpark, Map.of());
        ArchiveLog saved = new ArchiveLog("generation-1", ArchiveLog.Writer.MAIN_QUERY, ArchiveLog.LAYOUT);

        QueryPlan resumed = planner.plan("streamgate", builtIn(null, ALL_OF_THE_DEFAULT_QUERYS), false, Optional.of(saved), 0);
        QueryPlan fresh = planner.plan("streamgate", builtIn(null, ALL_OF_THE_DEFAULT_QUERYS), true, Optional.of(saved), 0);

        assertThat(resumed.archiveLog()).contains(saved);
        assertThat(fresh.archiveLog()).hasValueSatisfying(log -> assertThat(log).isNotEqualTo(saved));
    }
}
