package io.streamgate.pipeline;

import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.Relations;
import io.streamgate.pipeline.definition.TablesProperties;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.kafka.KafkaClients;
import io.streamgate.pipeline.kafka.SparkKafkaOptions;
import io.streamgate.pipeline.archive.ArchiveLayout;
import io.streamgate.pipeline.plan.ArchivePlan;
import io.streamgate.pipeline.plan.Engine;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.results.ResultRow;
import io.streamgate.pipeline.results.ResultTable;
import io.streamgate.pipeline.results.ResultTables;
import io.streamgate.pipeline.archive.ArchiveWriter;
import io.streamgate.pipeline.sink.BatchPass;
import io.streamgate.pipeline.sink.BatchSink;
import io.streamgate.pipeline.sink.ConsolePrinter;
import io.streamgate.pipeline.sink.RealTimeDelivery;
import io.streamgate.pipeline.sink.RealTimeWriter;
import io.streamgate.pipeline.sink.ShownRows;
import io.streamgate.pipeline.sink.TopicSink;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.spark.SparkUnavailableException;
import io.streamgate.pipeline.sql.CheckedSql;
import io.streamgate.pipeline.sql.SparkRefusals;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.pipeline.transform.RecordTransform;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link QueryPlan} on Spark, one way for every query: the Kafka source, the select (the
 * built-in parse and validate, or a user's checked SQL), and the sinks the definition names, through
 * one batch sink or one real-time writer into one results table. It starts queries; {@code queries}
 * decides when.
 */
@Component
public class StreamingPipeline {

    static final String CHECKPOINT_LOCATION = "checkpointLocation";

    private final SparkConnection spark;
    private final Storage storage;
    private final KafkaClients kafka;
    private final PipelineProperties settings;
    private final ResultTables results;
    private final Relations relations;
    private final TablesProperties tables;
    private final QueryPlanner planner;
    private final String deadLetterTopic;
    private final Clock clock;

    StreamingPipeline(SparkConnection spark, Storage storage, KafkaClients kafka, KafkaTopicProperties topic,
                      PipelineProperties settings, ResultTables results, Relations relations, TablesProperties tables,
                      QueryPlanner planner, Clock clock) {
        this.relations = relations;
        this.tables = tables;
        this.planner = planner;
        this.spark = spark;
        this.storage = storage;
        this.kafka = kafka;
        this.settings = settings;
        this.results = results;
        this.deadLetterTopic = topic.deadLetterTopic();
        this.clock = clock;
    }

    /**
     * Checks a user query's SQL against its topic's {@code events} view, without starting anything.
     *
     * @throws io.streamgate.pipeline.definition.InvalidQueryException when the SQL is refused or Spark cannot analyze it
     * @throws SparkUnavailableException when there is no SparkSession to analyze it with
     */
    public CheckedSql check(QueryDefinition definition, Select.Sql sql) {
        SparkSession session = spark.session();
        return SparkRefusals.analyzing(() -> {
            QueryViews views = QueryViews.toCheck(session, definition, sql, relations, kafka, tables.maxRows());
            return Selection.ofSql(session, sql, views, definition.mode(), settings.sqlLimits()).checked().orElseThrow();
        });
    }

    /**
     * Starts the plan's main query and, when the archive has a query of its own, that one; a fresh start
     * drops the checkpoints and the results first. Each query runs in a fair-scheduler pool of its own,
     * so that a heavy one does not starve the others.
     *
     * @throws SparkUnavailableException when there is no SparkSession that can run tasks
     */
    public StartedQueries start(QueryPlan plan) throws TimeoutException {
        SparkSession session = spark.session();
        // What is started is only ever what passed the checks; what Spark says of the definition is a refusal.
        Selection selected = SparkRefusals.analyzing(() -> Selection.of(session, plan,
                QueryViews.toRun(session, plan, relations, kafka, planner, tables.maxRows()), settings.sqlLimits()));
        if (plan.fromScratch()) {
            // Spark ignores startingOffsets once a checkpoint exists; an explicit request means "begin there".
            storage.delete(plan.checkpoint());
            if (plan.archive() instanceof ArchivePlan.OwnQuery own) {
                storage.delete(own.checkpoint());
            }
        }
        if (plan.archive() instanceof ArchivePlan.Written archive) {
            ArchiveLayout.mark(storage, archive);
        }
        ResultTable table = results.of(plan.name(), selected.format().tableShape());
        if (plan.fromScratch()) {
            table.clear();
        }
        DataStreamWriter<Row> writer = selected.rows().writeStream()
                .queryName(plan.name())
                .option(CHECKPOINT_LOCATION, Storage.sparkPath(plan.checkpoint()))
                .outputMode(selected.outputMode().spark())
                .trigger(plan.engine().trigger());
        List<TopicSink> topics = TopicSink.of(plan.definition().sinks(), deadLetterTopic);
        AutoCloseable delivery = () -> { };
        String previousPool = session.sparkContext().getLocalProperty(SparkConnection.SCHEDULER_POOL);
        session.sparkContext().setLocalProperty(SparkConnection.SCHEDULER_POOL, plan.name());
        try {
            StreamingQuery main;
            if (plan.engine() instanceof Engine.RealTime) {
                RealTimeDelivery.Registration registration =
                        RealTimeDelivery.<ResultRow>register(row -> table.write(List.of(row)));
                delivery = registration;
                main = started(writer.foreach(new RealTimeWriter(registration.key(), selected.format(), topics,
                        kafka.taskProducerConfig(), clock)));
            } else {
                main = started(writer.foreachBatch(new BatchSink(selected.format(), table,
                        selected.outputMode() == OutputMode.COMPLETE,
                        new BatchPass(topics, kafka.batchTaskProducerConfig()),
                        console(plan), archiveByMainQuery(plan), clock)));
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
        } finally {
            session.sparkContext().setLocalProperty(SparkConnection.SCHEDULER_POOL, previousPool);
        }
    }

    /** Spark's start: it reads the checkpoint first, and refuses one it cannot resume from. */
    private static StreamingQuery started(DataStreamWriter<Row> writer) throws TimeoutException {
        try {
            return writer.start();
        } catch (RuntimeException e) {
            throw new QueryStartRefusedException(e);
        }
    }

    /** Real-time mode's writer prints nothing: it has no batches to print. */
    private Optional<ConsolePrinter> console(QueryPlan plan) {
        return plan.definition().sinks().console() && plan.engine() instanceof Engine.MicroBatch
                ? Optional.of(new ConsolePrinter(settings.console().numRows())) : Optional.empty();
    }

    private Optional<ArchiveWriter> archiveByMainQuery(QueryPlan plan) {
        return plan.archive() instanceof ArchivePlan.ByMainQuery byMain
                ? Optional.of(new ArchiveWriter(storage, byMain.path(), byMain.format(), byMain.archivedThrough())) : Optional.empty();
    }

    /** A start that failed lets go of what it registered for Spark's tasks; the failure stays what is thrown. */
    private static void closeAfter(Exception failure, AutoCloseable delivery) {
        try {
            delivery.close();
        } catch (Exception suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /** Its own source, cap and trigger: files need not be written as often as results are shown. */
    private StreamingQuery startArchiveQuery(SparkSession session, QueryPlan plan, ArchivePlan.OwnQuery own)
            throws TimeoutException {
        DataStreamReader source = kafka.source(session, plan.definition().topic(), own.startingOffsets())
                .option(SparkKafkaOptions.MAX_OFFSETS_PER_TRIGGER, own.maxOffsetsPerTrigger())
                .option(SparkKafkaOptions.MAX_RECORDS_PER_PARTITION, settings.maxRecordsPerTask());
        ArchiveWriter archive = new ArchiveWriter(storage, own.path(), own.format(), own.archivedThrough());
        BatchPass stamping = new BatchPass(List.of(), Map.of());
        VoidFunction2<Dataset<Row>, Long> writeEachBatch = (batch, batchId) -> {
            BatchPass.Passing stamped = stamping.over(batch, batchId, clock.instant(), new ShownRows.First(0));
            archive.write(stamped.session(), stamped.passed(), stamped.stamped(), batchId);
        };
        return started(RecordTransform.builtIn(source.load(), plan.definition().schema())
                .writeStream()
                .queryName(plan.archiveQueryName())
                .option(CHECKPOINT_LOCATION, Storage.sparkPath(own.checkpoint()))
                .trigger(Trigger.ProcessingTime(own.intervalMillis()))
                .foreachBatch(writeEachBatch));
    }
}
