package io.streamgate.pipeline;

import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.system.InvalidRequestException;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.reflect;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_json;

/**
 * The streaming query itself: Kafka source, parse and validate against the schema, sinks.
 * It defines and starts a query; {@code queries.QueryManager} decides when.
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

    /** Name of the per-batch counts Spark reports in each progress event's {@code observedMetrics}. */
    public static final String OBSERVED_COUNTS = "streamgate_counts";
    public static final String OBSERVED_ROWS = "rows";
    public static final String OBSERVED_INVALID_ROWS = "invalid_rows";

    private static final Logger log = LoggerFactory.getLogger(StreamingPipeline.class);

    private final SparkConnection spark;
    private final Storage storage;
    private final KafkaConnectionDetails kafka;
    private final String topic;
    private final String deadLetterTopic;
    private final PipelineProperties properties;
    private final ResultsBuffer results;
    private final int topicPartitions;
    private final String resultsId;
    private Producer<byte[], byte[]> deadLetterProducer; // guarded by this; created at the first dead letter

    StreamingPipeline(SparkConnection spark, Storage storage, KafkaConnectionDetails kafka, KafkaTopicProperties topic,
                      PipelineProperties properties, ResultsBuffer results) {
        this.spark = spark;
        this.storage = storage;
        this.kafka = kafka;
        this.topic = topic.name();
        this.deadLetterTopic = topic.deadLetterTopic();
        this.properties = properties;
        this.results = results;
        this.topicPartitions = topic.partitions();
        this.resultsId = InProcessResults.register(results);
    }

    @PreDestroy
    synchronized void close() {
        InProcessResults.unregister(resultsId);
        if (deadLetterProducer != null) {
            deadLetterProducer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized Producer<byte[], byte[]> deadLetterProducer() {
        if (deadLetterProducer == null) {
            deadLetterProducer = new KafkaProducer<>(deadLetters().producerConfig());
        }
        return deadLetterProducer;
    }

    /**
     * Starts the main query (console, results, dead letters) and the archive (Spark's file sink): when
     * enabled, written by a query of its own that reads the topic with the same spec and keeps its own
     * checkpoint, or by the main query in each micro-batch ({@code archive.writer}).
     *
     * @throws CheckpointConflictException when the checkpoint's archive cannot go on with these settings
     * @throws StorageNotSharedException   when a cluster's executors would not see the checkpoints or the archive
     * @throws SparkUnavailableException   when there is no SparkSession
     */
    public RunningQueries start(QuerySpec spec) throws TimeoutException {
        PipelineProperties.Archive archiveSettings = properties.archive();
        // Refused before anything is deleted: a start that cannot run leaves the checkpoint as it was.
        if (spec.realTime() && archiveSettings.writtenByMainQuery()) {
            throw new InvalidRequestException("Real-time mode cannot write the archive from the main query (Spark "
                    + "allows no foreachBatch there); set streamgate.pipeline.archive.writer=own-query to use it");
        }
        requireSharedStorage();
        SparkSession spark = this.spark.session();
        if (spec.realTime()) {
            requireRealTimeResources(spark);
            if (properties.console().enabled()) {
                log.info("Real-time mode writes each row as it arrives; rows are not printed to the console");
            }
        }
        URI root = queryDir();
        if (spec.fromScratch()) {
            // Spark ignores startingOffsets once a checkpoint exists; an explicit request means "begin there".
            storage.delete(root);
            results.clear();
        }
        URI archive = archiveSettings.enabled()
                ? ArchiveGeneration.resolve(storage, root, checkpointDir(), archiveSettings) : null;
        // Real-time mode reads what arrives as it arrives: Spark refuses a per-trigger cap for it, and
        // splitting its one long-running task per topic partition would not make sense.
        Dataset<Row> rows = transform(read(spark, spec, spec.realTime() ? null : properties.maxOffsetsPerTrigger()),
                spec.schema());
        DataStreamWriter<Row> writer = countRowsAndInvalidRows(rows)
                .writeStream()
                .queryName(properties.queryName())
                .option(CHECKPOINT_LOCATION, checkpointDir().toString())
                .trigger(spec.sparkTrigger());
        MainQueryArchive archivedByMain = archiveSettings.writtenByMainQuery()
                ? new MainQueryArchive(archive, archiveSettings.format()) : null;
        StreamingQuery main = spec.realTime()
                ? writer.outputMode(OutputMode.Update()).foreach(new RealTimeSink(resultsId, deadLetters())).start()
                : writer.foreachBatch(sinks(archivedByMain)).start();
        if (archive == null || archivedByMain != null) {
            return new RunningQueries(main, null, archive, spec.realTime());
        }
        try {
            // Its own cap: with the main query's, one batch per archive trigger could not keep up with
            // more than cap / trigger records a second (20k/s), whatever the cores.
            StreamingQuery archiveQuery = transform(read(spark, spec, archiveSettings.maxOffsetsPerTrigger()), spec.schema())
                    .writeStream()
                    .queryName(archiveQueryName(properties))
                    .format(archiveSettings.format())
                    .option("path", archive.toString())
                    .option(CHECKPOINT_LOCATION, Storage.child(root, "archive").toString())
                    .trigger(Trigger.ProcessingTime(archiveSettings.trigger().toMillis()))
                    .start();
            return new RunningQueries(main, archiveQuery, archive, spec.realTime());
        } catch (TimeoutException | RuntimeException e) {
            main.stop();
            throw e;
        }
    }

    public static String archiveQueryName(PipelineProperties properties) {
        return properties.queryName() + "-archive";
    }

    /** Everything one query keeps between runs: checkpoints, the archive generation, the run marker. */
    public URI queryDir() {
        return Storage.child(Storage.location(properties.checkpointDir()), properties.queryName());
    }

    /** The main query's checkpoint. */
    public URI checkpointDir() {
        return Storage.child(queryDir(), "results");
    }

    /**
     * On a cluster, the executors write the archive's files (and any state store) while this app writes
     * the logs that say which files count: both must see the same storage, or the archive is split
     * across machines and readers find a log pointing at files they cannot see.
     */
    private void requireSharedStorage() {
        if (spark.isLocal() || properties.sharedStorage()) {
            return;
        }
        URI checkpoints = Storage.location(properties.checkpointDir());
        URI archive = Storage.location(properties.archive().path());
        boolean archiveLocal = properties.archive().enabled() && Storage.isLocal(archive);
        if (Storage.isLocal(checkpoints) || archiveLocal) {
            throw new StorageNotSharedException("On a Spark cluster the executors read and write the checkpoints and "
                    + "the archive too, but " + (Storage.isLocal(checkpoints) ? "checkpoint-dir (" + checkpoints + ")" : "")
                    + (Storage.isLocal(checkpoints) && archiveLocal ? " and " : "")
                    + (archiveLocal ? "archive.path (" + archive + ")" : "")
                    + " are on this machine's own disk. Use storage every node sees at the same path: an HDFS or "
                    + "s3a:// URI, or a shared mount declared with streamgate.pipeline.shared-storage=true");
        }
    }

    /** @param maxOffsetsPerTrigger null for real-time mode, which takes no cap and no split into tasks */
    private Dataset<Row> read(SparkSession spark, QuerySpec spec, Long maxOffsetsPerTrigger) {
        DataStreamReader reader = spark.readStream()
                .format("kafka")
                .option(KAFKA_BOOTSTRAP_SERVERS, String.join(",", kafka.getBootstrapServers()))
                .option(SUBSCRIBE, topic)
                .option(STARTING_OFFSETS, spec.startingOffsets());
        if (maxOffsetsPerTrigger != null) {
            reader.option(MAX_OFFSETS_PER_TRIGGER, maxOffsetsPerTrigger)
                    .option(MAX_RECORDS_PER_PARTITION, properties.maxRecordsPerTask());
        }
        properties.sourceOptions().forEach(reader::option);
        return reader.load();
    }

    /** Kafka record → strings → parsed and validated row with its Kafka coordinates. */
    static Dataset<Row> transform(Dataset<Row> kafkaRecords, RecordSchema schema) {
        Dataset<Row> records = kafkaRecords.select(
                col("key").cast("string").as("key"),
                col("value").cast("string").as("value"),
                col("topic"), col("partition"), col("offset"), col("timestamp"));
        Dataset<Row> parsed = records.withColumn("parsed", SchemaValidation.parse(col("value"), schema));
        return parsed
                .withColumn("validation_error", SchemaValidation.errors(col("value"), col("parsed"), schema))
                .select(col("key"), col("value"), col("topic"), col("partition"), col("offset"), col("timestamp"),
                        to_json(col("parsed")).as("fields"),
                        col("validation_error").isNull().as("valid"),
                        col("validation_error"),
                        processingTime().as("processed_at"));
    }

    /**
     * When the row was processed. Not {@code current_timestamp()}: a streaming query makes that a literal
     * of each batch, and a literal differing in every batch's generated code has Spark compile new
     * classes, and the JIT start over on them, for every batch (measured: most of a drain's CPU).
     */
    private static Column processingTime() {
        return timestamp_millis(reflect(lit("java.lang.System"), lit("currentTimeMillis")).cast("bigint"));
    }

    /** Counted by Spark while the batch is written, so the counts cost no extra job. */
    private static Dataset<Row> countRowsAndInvalidRows(Dataset<Row> rows) {
        return rows.observe(OBSERVED_COUNTS,
                count(lit(1)).as(OBSERVED_ROWS),
                sum(when(col("valid"), 0).otherwise(1)).as(OBSERVED_INVALID_ROWS));
    }

    /**
     * Real-time mode keeps one task per topic partition running for the whole batch, and its writer
     * puts rows into this app's memory: it needs a local master with a core for each partition, and
     * one more for the archive query's micro-batches.
     */
    private void requireRealTimeResources(SparkSession spark) {
        SparkContext context = spark.sparkContext();
        if (!context.isLocal()) {
            throw new InvalidRequestException("Real-time mode writes each row from Spark's tasks into this app's "
                    + "results, which needs a local Spark master; this app runs on " + context.master());
        }
        int needed = topicPartitions + (properties.archive().enabled() ? 1 : 0);
        if (context.defaultParallelism() < needed) {
            throw new InvalidRequestException("Real-time mode needs " + needed + " cores (one per topic partition"
                    + (properties.archive().enabled() ? ", one for the archive query" : "") + "), but Spark's master "
                    + context.master() + " has " + context.defaultParallelism());
        }
    }

    private DeadLetters deadLetters() {
        return new DeadLetters(String.join(",", kafka.getBootstrapServers()), deadLetterTopic);
    }

    private VoidFunction2<Dataset<Row>, Long> sinks(MainQueryArchive archive) {
        return new BatchSinks(results, properties.console(), deadLetters(), this::deadLetterProducer, archive);
    }
}
