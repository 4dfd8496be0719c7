package io.streamgate.pipeline.plan;

import io.streamgate.kafka.Topics;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.QueryMode;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.definition.Sinks;
import io.streamgate.pipeline.kafka.SparkKafkaOptions;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.spark.SparkUnavailableException;
import io.streamgate.pipeline.storage.CheckpointLog;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.pipeline.storage.StorageNotSharedException;
import org.apache.spark.SparkContext;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns a query's definition into what Spark will run ({@link QueryPlan}), and refuses, here and
 * nowhere else, the combinations Spark or this app cannot run. The archive is planned by
 * {@link ArchivePlanner}.
 */
@Component
public class QueryPlanner {

    private final PipelineProperties settings;
    private final SparkConnection spark;
    private final Storage storage;
    private final Topics topics;
    private final Clock clock;

    public QueryPlanner(PipelineProperties settings, SparkConnection spark, Storage storage, Topics topics, Clock clock) {
        this.settings = settings;
        this.spark = spark;
        this.storage = storage;
        this.topics = topics;
        this.clock = clock;
    }

    /**
     * @param name        the query's name: its folder under the checkpoint dir, and Spark's name of it
     * @param fromScratch true to drop the checkpoint and begin anew
     * @param saved       the archive log the checkpoint has been writing, if any; ignored from scratch
     * @param realTimeCoresHeld cores that other queries' real-time tasks hold for as long as they run
     * @throws InvalidQueryException      for real-time mode where it cannot run, or sinks the select's rows cannot feed
     * @throws StorageNotSharedException  when a cluster's executors would not see the checkpoints or the archive
     * @throws SparkUnavailableException  when real-time mode's resources cannot be checked without Spark
     * @throws TooManyQueriesException    when other real-time queries hold the cores this one needs
     */
    public QueryPlan plan(String name, QueryDefinition definition, boolean fromScratch, Optional<ArchiveLog> saved,
                          int realTimeCoresHeld) {
        Sinks sinks = definition.sinks();
        requireRowsFor(sinks, definition.select());
        Engine engine = definition.mode() == QueryMode.REAL_TIME
                ? new Engine.RealTime(definition.triggerMillis())
                : new Engine.MicroBatch(definition.triggerMillis(), settings.maxOffsetsPerTrigger(), settings.maxRecordsPerTask());
        int coresHeld = engine instanceof Engine.RealTime
                ? requireRealTimeResources(definition.topic(), realTimeCoresHeld)
                : 0;
        requireSharedStorage(sinks.archive());
        URI queryDir = queryDir(name);
        URI checkpoint = checkpoint(name);
        String startingOffsets = startingOffsets(definition.startingOffsets(), definition.topic());
        ArchivePlan archive = sinks.archive()
                ? new ArchivePlanner(settings.archive(), storage, clock).plan(engine, startingOffsets,
                        fromScratch ? Optional.empty() : saved,
                        fromScratch ? Optional.empty() : Optional.of(new CheckpointLog(storage, checkpoint)),
                        Storage.child(queryDir, "archive"))
                : new ArchivePlan.None();
        return new QueryPlan(name, definition, fromScratch, startingOffsets, engine, archive, checkpoint, coresHeld);
    }

    /**
     * Where Spark begins reading a topic the query reads, its own or a registered stream's. "latest" is
     * the end of the topic now, while the start is answered, not when Spark plans its first batch: Spark
     * is given the end offsets, as tails fix theirs before they answer. Once the checkpoint has offsets
     * Spark goes on from them and ignores these.
     *
     * @param asked {@code earliest} or {@code latest}
     */
    public String startingOffsets(String asked, String topic) {
        if (!"latest".equals(asked)) {
            return asked;
        }
        return SparkKafkaOptions.offsetsJson(topic, topics.endOffsets(topic));
    }

    /** Everything one query keeps between runs: its checkpoints and its store. */
    public URI queryDir(String name) {
        return Storage.child(checkpointDir(), name);
    }

    /** The main query's checkpoint, in the query's folder. */
    public URI checkpoint(String name) {
        return Storage.child(queryDir(name), "results");
    }

    /** Where every query's folder is. */
    public URI checkpointDir() {
        return Storage.location(settings.checkpointDir());
    }

    /**
     * Dead letters and the archive take the built-in select's records (a row's validity, its Kafka
     * coordinates); an output topic takes rows as JSON, as a user's SQL writes them.
     */
    private static void requireRowsFor(Sinks sinks, Select select) {
        boolean records = select instanceof Select.BuiltIn;
        if (!records && (sinks.deadLetters() || sinks.archive())) {
            throw new InvalidQueryException("Dead letters and the archive take the built-in select's records; "
                    + "a query of SQL writes its rows to its results and an output topic");
        }
        if (records && sinks.outputTopic().isPresent()) {
            throw new InvalidQueryException("An output topic takes rows of a query of SQL; the built-in select's "
                    + "records go to the archive and the dead letters");
        }
    }

    /**
     * Real-time mode keeps one task per topic partition running for the whole batch, and its writer
     * puts rows into this app's memory: it needs a local master with a core for each partition. Its tasks
     * may hold at most the cores left after {@code real-time.reserved-cores}, which stay for micro-batches:
     * the default query, users' queries, and the archive query of a real-time run.
     *
     * @return the cores this run's real-time tasks hold
     */
    private int requireRealTimeResources(String topic, int coresHeld) {
        if (!spark.isLocal()) {
            throw new InvalidQueryException("Real-time mode writes each row from Spark's tasks into this app's "
                    + "results, which needs a local Spark master; this app runs on " + spark.status().master());
        }
        SparkContext context = spark.session().sparkContext();
        int partitions = topics.partitions(topic).orElseThrow(() -> new InvalidQueryException(
                "Topic '" + topic + "' does not exist"));
        int reserved = settings.realTime().reservedCores();
        int forRealTime = context.defaultParallelism() - reserved;
        if (forRealTime < partitions) {
            throw new InvalidQueryException("Real-time mode needs " + partitions + " cores (one per topic partition), "
                    + "but Spark's master " + context.master() + " has " + context.defaultParallelism() + ", of which "
                    + reserved + " stay for micro-batch queries (streamgate.pipeline.real-time.reserved-cores)");
        }
        if (forRealTime - coresHeld < partitions) {
            throw new TooManyQueriesException("Real-time mode needs " + partitions + " cores for as long as it runs, and "
                    + "other real-time queries hold " + coresHeld + " of the " + forRealTime + " real-time queries may "
                    + "have (" + reserved + " of Spark's " + context.defaultParallelism() + " stay for micro-batch "
                    + "queries); stop one of them first");
        }
        return partitions;
    }

    /**
     * On a cluster, the executors write the archive's files (and any state store) while this app writes
     * the logs that say which files count: both must see the same storage, or the archive is split
     * across machines and readers find a log pointing at files they cannot see.
     */
    private void requireSharedStorage(boolean archived) {
        if (spark.isLocal() || settings.sharedStorage()) {
            return;
        }
        URI checkpoints = Storage.location(settings.checkpointDir());
        URI archive = Storage.location(settings.archive().path());
        boolean checkpointsLocal = Storage.isLocal(checkpoints);
        boolean archiveLocal = archived && Storage.isLocal(archive);
        if (checkpointsLocal || archiveLocal) {
            throw new StorageNotSharedException("On a Spark cluster the executors read and write the checkpoints and "
                    + "the archive too, but " + (checkpointsLocal ? "checkpoint-dir (" + checkpoints + ")" : "")
                    + (checkpointsLocal && archiveLocal ? " and " : "")
                    + (archiveLocal ? "archive.path (" + archive + ")" : "")
                    + " are on this machine's own disk. Use storage every node sees at the same path: an HDFS or "
                    + "s3a:// URI, or a shared mount declared with streamgate.pipeline.shared-storage=true");
        }
    }
}
