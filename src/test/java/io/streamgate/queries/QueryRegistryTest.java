package io.streamgate.queries;

import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.definition.Sinks;
import io.streamgate.pipeline.definition.TestPipelineProperties;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.plan.TooManyQueriesException;
import io.streamgate.pipeline.results.ResultTables;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.spark.SparkProperties;
import io.streamgate.pipeline.sql.CheckedSql;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.queries.store.QueryStore;
import io.streamgate.queries.store.SavedQuery;
import io.streamgate.queries.store.SqlAnalysis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every query by name, loaded from the checkpoint dir, admitted under the running limit; runs are fakes. */
class QueryRegistryTest {

    private static final SparkProperties SPARK = new SparkProperties("local[1]", "test", false, 1, null, null);

    @TempDir
    Path checkpoints;

    private final Clock clock = Clock.systemUTC();
    private final JsonMapper json = JsonMapper.builder().build();
    private final FakeLauncher launcher = new FakeLauncher(clock);
    private final List<Object> published = new ArrayList<>();
    private QueryRegistry registry;

    @AfterEach
    void shutDown() {
        if (registry != null) {
            registry.all().forEach(QueryOperator::shutdown);
        }
    }

    private QueryRegistry registry(int maxRunning, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("checkpoint-dir", checkpoints.toString());
        PipelineProperties pipeline = TestPipelineProperties.with(all);
        SparkConnection spark = new SparkConnection(SPARK, clock); // never started: no run here needs Spark
        Storage storage = new Storage(SPARK);
        QueriesProperties limits = new QueriesProperties(maxRunning, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1));
        registry = new QueryRegistry(new QueryPlanner(pipeline, spark, storage, null, clock), launcher,
                new UnstoppedRuns(new RunTasks(spark), limits, clock), storage, pipeline, limits, json, new ResultTables(pipeline),
                new KafkaTopicProperties("testTopic", 1, (short) 1, null, Duration.ofSeconds(3), ""), published::add, clock,
                new RunIndex());
        registry.start();
        return registry;
    }

    /** A user query stored as {@code PUT /queries/{name}} stores it, before the registry loads. */
    private void stored(String name, String outputTopic, boolean running) {
        PipelineProperties pipeline = TestPipelineProperties.with(Map.of());
        QueryDefinition definition = pipeline.definition("testTopic", null, null, null, null,
                new Select.Sql("SELECT key FROM events", null, OutputMode.APPEND), Sinks.outputTo(outputTopic));
        QueryStore store = new QueryStore(new Storage(SPARK), checkpoints.resolve(name).toUri(), json,
                new QueryStore.Defaults("testTopic", pipeline.builtInSinks()));
        SavedQuery defined = SavedQuery.defined(definition, new SqlAnalysis(List.of(new CheckedSql.Column("key", "STRING")),
                List.of(), null));
        store.write(running ? new SavedQuery(defined.definition(), true, defined.archive(), defined.analysis()) : defined);
    }

    @Test
    void theDefaultQueryAndTheStoredUserQueriesAreLoadedTheDefaultFirst() throws Exception {
        stored("orders", "big-orders", false);
        stored("audit", null, false);
        Files.createDirectories(checkpoints.resolve("no-store-here"));
        Files.createDirectories(checkpoints.resolve("Not A Name"));

        registry(8, Map.of());

        assertThat(registry.names()).containsExactly("streamgate", "audit", "orders");
        assertThat(registry.list()).extracting(QueryInfo::name).containsExactly("streamgate", "audit", "orders");
        assertThat(registry.info("orders").columns()).extracting(CheckedSql.Column::name).containsExactly("key");
        assertThat(registry.info("streamgate").definition()).as("before its first start").isNull();
    }

    @Test
    void outputTopicsAreReadFromTheDefinitionsInMemory() throws Exception {
        stored("orders", "big-orders", false);
        registry(8, Map.of());

        Files.delete(checkpoints.resolve("orders").resolve("query.json"));

        assertThat(registry.outputTopics()).containsExactly("big-orders");
    }

    @Test
    void withResumeOnStartupOffARunOfBeforeTheStartCountsAsStopped() {
        stored("orders", null, true);
        registry(8, Map.of("resume-on-startup", "false"));
        assertThat(registry.find("orders").store().read().running()).isFalse();
    }

    @Test
    void startsPastTheRunningLimitAreRefused() {
        stored("orders", null, false);
        registry(1, Map.of());

        assertThat(registry.start("streamgate", null).state()).isEqualTo(QueryState.RUNNING);
        assertThatThrownBy(() -> registry.start("orders", null)).isInstanceOf(TooManyQueriesException.class)
                .hasMessageContaining("max-running");

        registry.stop("streamgate");
        assertThat(registry.start("orders", null).state()).isEqualTo(QueryState.RUNNING);
    }

    @Test
    void theDefaultQueryTakesStartOptionsAUserQueryOnlyWhereToBegin() {
        stored("orders", null, false);
        registry(8, Map.of());

        QueryStatus started = registry.start("streamgate", new StartQueryRequest("earliest", "750 ms", null, null));
        assertThat(started.trigger()).isEqualTo("750 ms");
        assertThat(started.startingOffsets()).isEqualTo("earliest");
        assertThatThrownBy(() -> registry.start("orders", new StartQueryRequest(null, "750 ms", null, null)))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("PUT /queries/orders");
        assertThat(registry.start("orders", new StartQueryRequest("earliest", null, null, null)).startingOffsets())
                .isEqualTo("earliest");
    }

    @Test
    void aUserQueryIsDeletedWithItsFolderTheDefaultOneIsNot() {
        stored("orders", null, false);
        registry(8, Map.of());
        registry.start("orders", null);

        registry.delete("orders");

        assertThat(registry.names()).containsExactly("streamgate");
        assertThat(checkpoints.resolve("orders")).doesNotExist();
        assertThat(published).containsExactly(new QueryDeletedEvent("orders"));
        assertThat(launcher.last().isActive()).isFalse();
        assertThatThrownBy(() -> registry.status("orders")).isInstanceOf(QueryNotFoundException.class);
        assertThatThrownBy(() -> registry.delete("streamgate")).isInstanceOf(QueryStateException.class)
                .hasMessageContaining("part of the service");
    }

    @Test
    void aUserQuerysNameIsCheckedAndANewOneIsSeenOnceItIsStored() {
        registry(8, Map.of());

        assertThatThrownBy(() -> registry.userQuery("Big Orders")).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> registry.userQuery("results")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> registry.userQuery("streamgate-archive")).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> registry.userQuery("streamgate")).isInstanceOf(QueryStateException.class)
                .hasMessageContaining("default query");

        QueryOperator created = registry.userQuery("orders");
        assertThat(registry.names()).as("not stored yet").containsExactly("streamgate");
        assertThatThrownBy(() -> registry.find("orders")).isInstanceOf(QueryNotFoundException.class);
        registry.forgetUnsaved(created);
        assertThat(registry.userQuery("orders")).as("a new one").isNotSameAs(created);
    }
}
