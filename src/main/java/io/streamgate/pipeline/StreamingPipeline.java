package io.streamgate.pipeline;

import io.streamgate.kafka.KafkaTopicProperties;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link QueryPlan} on Spark: the Kafka source, the transform, and the sinks the plan names.
 * It starts queries; {@code queries.QueryManager} decides when.
 */
@Component
public class StreamingPipeline {

    // Spark Kafka source options (see Spark's Structured Streaming + Kafka integration guide).
    static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    static final String SUBSCRIBE = "subscribe";
    static final String STARTING_OFFSETS = "startingOffsets";
    static final String MAX_OFFSETS_PER_TRIGGER = "maxOffsetsPerTrigger";
    static final String MAX_RECORDS_PER_PARTITION = "maxRecordsPerPartition";
    static final String CHECKPOINT_LOCATION = "checkpointLocation";
    /** The SparkContext's local property that puts the jobs a thread submits in a fair-scheduler pool. */
    static final String SCHEDULER_POOL = "spark.scheduler.pool";

    private final SparkConnection spark;
    private final Storage storage;
    private final String bootstrapServers;
    private final DeadLetters deadLetters;
    private final PipelineProperties settings;
    private final ResultsBuffer results;
    private final ResultTables resultTables;
    private Producer<byte[], byte[]> deadLetterProducer; // guarded by this; made at the first dead letter
    private Producer<String, String> outputProducer; // guarded by this; made at the first output row sent from the driver

    StreamingPipeline(SparkConnection spark, Storage storage, KafkaConnectionDetails kafka, KafkaTopicProperties topic,
                      PipelineProperties settings, ResultsBuffer results, ResultTables resultTables) {
        this.spark = spark;
        this.storage = storage;
        this.bootstrapServers = String.join(",", kafka.getBootstrapServers());
        this.deadLetters = new DeadLetters(bootstrapServers, topic.deadLetterTopic());
        this.settings = settings;
        this.results = results;
        this.resultTables = resultTables;
    }

    /**
     * Checks a user query's SQL against its topic's {@code events} view, without starting anything.
     *
     * @throws InvalidSqlException       when the SQL is refused or Spark cannot analyze it
     * @throws SparkUnavailableException when there is no SparkSession to analyze it with
     */
    public CheckedSql check(QueryDefinition definition, Select.Sql sql) {
        SparkSession session = spark.session();
        return SqlGuard.check(session, events(definition, sql, source(session, definition)), sql,
                definition.mode());
    }

    /**
     * Starts the plan's main query and, when the archive has a query of its own, that one; a fresh start
     * drops the checkpoints and the results first.
     *
     * @throws SparkUnavailableException when there is no SparkSession that can run tasks
     */
    public StartedQueries start(QueryPlan plan) throws TimeoutException {
        SparkSession session = spark.session();
        if (plan.definition().select() instanceof Select.Sql sql) {
            return startSql(session, plan, sql);
        }
        if (plan.fromScratch()) {
            // Spark ignores startingOffsets once a checkpoint exists; an explicit request means "begin there".
            storage.delete(plan.checkpoint());
            if (plan.archive() instanceof ArchivePlan.OwnQuery own) {
                storage.delete(own.checkpoint());
            }
            results.clear();
        }
        Dataset<Row> rows = RecordTransform.counted(RecordTransform.transform(
                mainSource(session, plan).load(), plan.definition().schema()));
        DataStreamWriter<Row> writer = rows.writeStream()
                .queryName(plan.name())
                .option(CHECKPOINT_LOCATION, plan.checkpoint().toString())
                .trigger(plan.engine().trigger());
        AutoCloseable delivery = () -> { };
        try {
            StreamingQuery main;
            if (plan.engine() instanceof Engine.RealTime) {
                RealTimeDelivery.Registration registration = RealTimeDelivery.register(results::add);
                delivery = registration;
                main = writer.outputMode(OutputMode.Update())
                        .foreach(new RealTimeSink(registration.key(), deadLetters)).start();
            } else {
                Optional<ArchiveWriter> archive = plan.archive() instanceof ArchivePlan.ByMainQuery byMain
                        ? Optional.of(new ArchiveWriter(byMain.path(), byMain.format())) : Optional.empty();
                main = writer.foreachBatch(new BatchSinks(results, settings.console(), deadLetters,
                        this::deadLetterProducer, archive)).start();
            }
            Optional<StreamingQuery> archiveQuery = Optional.empty();
            if (plan.archive() instanceof ArchivePlan.OwnQuery own) {
                try {
                    archiveQuery = Optional.of(startArchiveQuery(session, plan, own));
                } catch (TimeoutException | RuntimeException e) {
                    main.stop();
                    throw e;
                }
            }
            return new StartedQueries(plan, main, archiveQuery, delivery);
        } catch (TimeoutException | RuntimeException e) {
            closeAfter(e, delivery);
            throw e;
        }
    }

    /**
     * A user query: its SQL checked again against this session's stream (what is started is only ever
     * the plan that passed), written to its results and output topic. Each query runs in a fair-scheduler
     * pool of its own, so a heavy one does not starve the others.
     */
    private StartedQueries startSql(SparkSession session, QueryPlan plan, Select.Sql sql) throws TimeoutException {
        ResultTable table = resultTables.of(plan.name());
        if (plan.fromScratch()) {
            storage.delete(plan.checkpoint());
            table.clear();
        }
        CheckedSql checked = SqlGuard.check(session, events(plan.definition(), sql, mainSource(session, plan)),
                sql, plan.definition().mode());
        // A real-time writer gets rows keyed already; a micro-batch's sinks key each batch themselves.
        Dataset<Row> rows = plan.engine() instanceof Engine.RealTime
                ? SqlOutput.keyed(checked.rows(), checked.groupKeys()) : checked.rows();
        DataStreamWriter<Row> writer = rows.writeStream()
                .queryName(plan.name())
                .option(CHECKPOINT_LOCATION, plan.checkpoint().toString())
                .outputMode(checked.outputMode().spark())
                .trigger(plan.engine().trigger());
        Optional<String> outputTopic = Optional.ofNullable(sql.outputTopic());
        AutoCloseable delivery = () -> { };
        String previousPool = session.sparkContext().getLocalProperty(SCHEDULER_POOL);
        session.sparkContext().setLocalProperty(SCHEDULER_POOL, plan.name());
        try {
            StreamingQuery query;
            if (plan.engine() instanceof Engine.RealTime) {
                RealTimeDelivery.Registration registration =
                        RealTimeDelivery.<List<Map.Entry<String, JsonNode>>>register(delivered -> table.write(delivered, false));
                delivery = registration;
                query = writer.foreach(new SqlRealTimeSink(registration.key(), bootstrapServers,
                        outputTopic.orElse(null))).start();
            } else {
                query = writer.foreachBatch(new SqlBatchSinks(table, outputTopic, bootstrapServers,
                        checked.groupKeys(), checked.outputMode(), this::outputProducer)).start();
            }
            return new StartedQueries(plan, query, Optional.empty(), delivery);
        } catch (TimeoutException | RuntimeException e) {
            closeAfter(e, delivery);
            throw e;
        } finally {
            session.sparkContext().setLocalProperty(SCHEDULER_POOL, previousPool);
        }
    }

    /** A start that failed lets go of what it registered for Spark's tasks; the failure stays what is thrown. */
    private static void closeAfter(Exception failure, AutoCloseable delivery) {
        try {
            delivery.close();
        } catch (Exception suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /** The {@code events} view over a source, with the event-time watermark when the query has one. */
    private static Dataset<Row> events(QueryDefinition definition, Select.Sql sql, DataStreamReader source) {
        Dataset<Row> events = RecordTransform.events(source.load(), definition.schema());
        return sql.watermark() == null ? events : events.withWatermark(Columns.TIMESTAMP, sql.watermarkInterval());
    }

    /** Its own source, cap and trigger: files need not be written as often as results are shown. */
    private StreamingQuery startArchiveQuery(SparkSession session, QueryPlan plan, ArchivePlan.OwnQuery own)
            throws TimeoutException {
        DataStreamReader source = source(session, plan.definition().topic(), own.startingOffsets())
                .option(MAX_OFFSETS_PER_TRIGGER, own.maxOffsetsPerTrigger())
                .option(MAX_RECORDS_PER_PARTITION, settings.maxRecordsPerTask());
        ArchiveWriter archive = new ArchiveWriter(own.path(), own.format());
        VoidFunction2<Dataset<Row>, Long> writeEachBatch = (batch, batchId) -> archive.write(batch, batchId, Instant.now());
        return RecordTransform.transform(source.load(), plan.definition().schema())
                .writeStream()
                .queryName(plan.archiveQueryName())
                .option(CHECKPOINT_LOCATION, own.checkpoint().toString())
                .trigger(Trigger.ProcessingTime(own.intervalMillis()))
                .foreachBatch(writeEachBatch)
                .start();
    }

    /**
     * The main query's source. A micro-batch reads at most its cap and splits a large batch into tasks,
     * so that a backlog drains in bounded steps on every core; Spark refuses both in real-time mode,
     * whose one long-running task per topic partition reads what arrives as it arrives.
     */
    private DataStreamReader mainSource(SparkSession session, QueryPlan plan) {
        DataStreamReader source = source(session, plan.definition());
        if (plan.engine() instanceof Engine.MicroBatch microBatch) {
            source.option(MAX_OFFSETS_PER_TRIGGER, microBatch.maxOffsetsPerTrigger())
                    .option(MAX_RECORDS_PER_PARTITION, microBatch.maxRecordsPerTask());
        }
        return source;
    }

    private DataStreamReader source(SparkSession session, QueryDefinition definition) {
        return source(session, definition.topic(), definition.startingOffsets());
    }

    private DataStreamReader source(SparkSession session, String topic, String startingOffsets) {
        DataStreamReader reader = session.readStream()
                .format("kafka")
                .option(KAFKA_BOOTSTRAP_SERVERS, bootstrapServers)
                .option(SUBSCRIBE, topic)
                .option(STARTING_OFFSETS, startingOffsets);
        settings.sourceOptions().forEach(reader::option);
        return reader;
    }

    private synchronized Producer<byte[], byte[]> deadLetterProducer() {
        if (deadLetterProducer == null) {
            deadLetterProducer = deadLetters.newProducer();
        }
        return deadLetterProducer;
    }

    /** Users' queries' output topics, written from the driver: one producer for all, as Kafka's producer is thread-safe. */
    private synchronized Producer<String, String> outputProducer() {
        if (outputProducer == null) {
            outputProducer = SqlOutput.newProducer(bootstrapServers);
        }
        return outputProducer;
    }

    @PreDestroy
    synchronized void close() {
        if (deadLetterProducer != null) {
            deadLetterProducer.close(Duration.ofSeconds(5));
        }
        if (outputProducer != null) {
            outputProducer.close(Duration.ofSeconds(5));
        }
    }
}
