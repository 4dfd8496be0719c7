package io.streamgate.pipeline;

import io.streamgate.Producers;
import io.streamgate.TopicRecords;
import io.streamgate.kafka.EmbeddedBrokerProperties;
import io.streamgate.kafka.EmbeddedKafkaBroker;
import io.streamgate.kafka.KafkaClientSettings;
import io.streamgate.kafka.TestKafkaClientSettings;
import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.kafka.Topics;
import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.definition.TablesProperties;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.definition.Sinks;
import io.streamgate.pipeline.definition.TestPipelineProperties;
import io.streamgate.pipeline.kafka.KafkaClients;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.results.JsonRow;
import io.streamgate.pipeline.results.ProcessedRecord;
import io.streamgate.pipeline.results.ResultRow;
import io.streamgate.pipeline.results.ResultTables;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.spark.SparkProperties;
import io.streamgate.pipeline.storage.Storage;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one start path, on a real KRaft broker and a real local SparkSession: the default query's built-in
 * select and a user's SQL each run through the same source, sink and results table, into the sinks its
 * definition names.
 */
class StreamingPipelineTest {

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static SparkConnection spark;
    private static KafkaConnectionDetails kafka;
    private static PipelineProperties settings;
    private static ResultTables results;
    private static StreamingPipeline pipeline;
    private static QueryPlanner planner;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(new EmbeddedBrokerProperties(true, "127.0.0.1", 0, 0, dir.resolve("kafka")));
        kafka = () -> List.of(broker.bootstrapServers());
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("orders.DLT", 1, (short) 1),
                    new NewTopic("big-orders", 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = Producers.strings(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>("orders", "o-1", "{\"id\": 1, \"name\": \"widget\", \"amount\": 150}")).get();
            producer.send(new ProducerRecord<>("orders", "o-2", "not json")).get();
            producer.send(new ProducerRecord<>("orders", "o-3", "{\"id\": 3, \"name\": \"gadget\", \"amount\": 5}")).get();
        }
        SparkProperties sparkSettings = new SparkProperties("local[2]", "streaming-pipeline-test", false, 1, Map.of(), null);
        spark = new SparkConnection(sparkSettings, Clock.systemUTC());
        spark.start();
        settings = TestPipelineProperties.with(Map.of("checkpoint-dir", dir.resolve("check points").toString(),
                "archive.path", dir.resolve("the archive").toString(), "trigger", "100 ms", "console.enabled", "false"));
        KafkaTopicProperties topic = new KafkaTopicProperties("orders", 1, (short) 1, null, Duration.ofSeconds(3), "");
        Storage storage = new Storage(sparkSettings);
        results = new ResultTables(settings);
        KafkaClientSettings clients = TestKafkaClientSettings.plaintext(broker.bootstrapServers());
        planner = new QueryPlanner(settings, spark, storage, new Topics(clients, topic), Clock.systemUTC());
        pipeline = new StreamingPipeline(spark, storage, new KafkaClients(clients, settings), topic, settings, results,
                Map::of, new TablesProperties(100_000), planner, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        spark.stop();
        broker.close();
    }

    @Test
    void theBuiltInSelectDeliversEachRecordToItsResultsItsDeadLettersAndItsArchive() throws Exception {
        QueryPlan plan = planner.plan("default", definition(new Select.BuiltIn(), settings.builtInSinks(), null), true,
                Optional.empty(), 0);
        StartedQueries started = pipeline.start(plan);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> rows("default").size() == 3);
            List<ProcessedRecord> records = rows("default").stream().map(ProcessedRecord.class::cast).toList();
            assertThat(records).extracting(ProcessedRecord::key).containsExactly("o-3", "o-2", "o-1");
            assertThat(records.get(1).validationError()).isEqualTo("value is not valid JSON");
            assertThat(results.find("default").orElseThrow().latest(10, "o-1")).hasSize(1);

            // The invalid record only (real-time mode's writer sends it too, in a test of its own).
            List<ConsumerRecord<String, String>> deadLetters = TopicRecords.readAll(kafka, "orders.DLT", 1);
            assertThat(deadLetters).extracting(ConsumerRecord::value).containsOnly("not json");

            Path archive = Path.of(((io.streamgate.pipeline.plan.ArchivePlan.Written) plan.archive()).path());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(archive.resolve("_spark_metadata").resolve("0")));
            assertThat(Path.of(plan.checkpoint()).resolve("offsets")).isDirectory();
            assertThat(dir).as("a space in a folder's name stays a space")
                    .isDirectoryNotContaining(path -> path.getFileName().toString().contains("%"));
        } finally {
            stopped(started);
        }
    }

    @Test
    void aUsersSqlDeliversItsRowsAsJsonToItsResultsAndItsOutputTopic() throws Exception {
        Select.Sql sql = new Select.Sql("SELECT key, id, amount FROM events WHERE valid AND amount > 100", null,
                OutputMode.APPEND);
        StartedQueries started = pipeline.start(planner.plan("big-orders", definition(sql, Sinks.outputTo("big-orders"),
                "id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE"), true, Optional.empty(), 0));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> rows("big-orders").size() == 1);
            assertThat(((JsonRow) rows("big-orders").get(0)).value().toString())
                    .isEqualTo("{\"key\":\"o-1\",\"id\":1,\"amount\":150.0}");
            assertThat(TopicRecords.readAll(kafka, "big-orders", 1)).extracting(ConsumerRecord::value)
                    .containsExactly("{\"key\":\"o-1\",\"id\":1,\"amount\":150.0}");
        } finally {
            stopped(started);
        }
    }

    @Test
    void realTimeModeHandsEachRecordToTheResultsAsItsTaskHasIt() throws Exception {
        QueryDefinition realTime = settings.definition("orders", "earliest", "5s", null, "real-time", new Select.BuiltIn(),
                new Sinks(false, false, true, Optional.empty()));
        StartedQueries started = pipeline.start(planner.plan("real-time", realTime, true, Optional.empty(), 0));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> rows("real-time").size() == 3);
            assertThat(rows("real-time")).allMatch(row -> row instanceof ProcessedRecord record && record.processedAt() != null);
        } finally {
            stopped(started);
        }
    }

    @Test
    void aFreshStartBeginsAgainWithEmptyResults() throws Exception {
        QueryDefinition definition = definition(new Select.BuiltIn(), new Sinks(false, false, false, Optional.empty()), null);
        StartedQueries first = pipeline.start(planner.plan("again", definition, true, Optional.empty(), 0));
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("again").size() == 3);
        stopped(first);

        StartedQueries resumed = pipeline.start(planner.plan("again", definition, false, Optional.empty(), 0));
        assertThat(rows("again")).as("resumed from the checkpoint: the rows stay, none again").hasSize(3);
        stopped(resumed);

        StartedQueries fresh = pipeline.start(planner.plan("again", definition.withStartingOffsets("latest"), true,
                Optional.empty(), 0));
        assertThat(rows("again")).as("a fresh start drops them").isEmpty();
        stopped(fresh);
    }

    private static QueryDefinition definition(Select select, Sinks sinks, String schema) {
        return settings.definition("orders", "earliest", null, schema, null, select, sinks);
    }

    private static List<ResultRow> rows(String query) {
        return results.find(query).map(table -> table.latest(100)).orElse(List.of());
    }

    private static void stopped(StartedQueries started) throws Exception {
        for (var query : started.all().toList()) {
            query.stop();
        }
        started.close();
    }
}
