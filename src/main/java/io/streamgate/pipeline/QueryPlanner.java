package io.streamgate.pipeline;

import io.streamgate.kafka.Topics;
import org.apache.spark.SparkContext;
import org.springframework.stereotype.Component;

import java.net.URI;
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

    QueryPlanner(PipelineProperties settings, SparkConnection spark, Storage storage, Topics topics) {
        this.settings = settings;
        this.spark = spark;
        this.storage = storage;
        this.topics = topics;
    }

    /**
     * @param name        the query's name: its folder under the checkpoint dir, and Spark's name of it
     * @param fromScratch true to drop the checkpoint and begin anew
     * @param saved       the archive log the checkpoint has been writing, if any; ignored from scratch
     * @param realTimeCoresHeld cores that other queries' real-time tasks hold for as long as they run
     * @throws InvalidQueryException      for real-time mode where it cannot run
     * @throws StorageNotSharedException  when a cluster's executors would not see the checkpoints or the archive
     * @throws SparkUnavailableException  when real-time mode's resources cannot be checked without Spark
     */
    public QueryPlan plan(String name, QueryDefinition definition, boolean fromScratch, Optional<ArchiveLog> saved,
                          int realTimeCoresHeld) {
        Engine engine = definition.mode() == QueryMode.REAL_TIME
                ? new Engine.RealTime(definition.triggerMillis())
                : new Engine.MicroBatch(definition.triggerMillis(), settings.maxOffsetsPerTrigger(), settings.maxRecordsPerTask());
        boolean builtIn = definition.select() instanceof Select.BuiltIn;
        int coresHeld = engine instanceof Engine.RealTime
                ? requireRealTimeResources(definition.topic(), builtIn && settings.archive().enabled(), realTimeCoresHeld)
                : 0;
        requireSharedStorage(builtIn);
        URI queryDir = queryDir(name);
        URI checkpoint = Storage.child(queryDir, "results");
        ArchivePlan archive = builtIn && settings.archive().enabled()
                ? new ArchivePlanner(settings.archive(), storage).plan(engine, definition.startingOffsets(),
                        fromScratch ? Optional.empty() : saved,
                        fromScratch ? Optional.empty() : Optional.of(new CheckpointLog(storage, checkpoint)),
                        Storage.child(queryDir, "archive"))
                : new ArchivePlan.None();
        return new QueryPlan(name, definition, fromScratch, engine, archive, checkpoint, coresHeld);
    }

    /** Everything one query keeps between runs: its checkpoints and its store. */
    public URI queryDir(String name) {
        return Storage.child(checkpointDir(), name);
    }

    /** Where every query's folder is. */
    public URI checkpointDir() {
        return Storage.location(settings.checkpointDir());
    }

    /**
     * Real-time mode keeps one task per topic partition running for the whole batch, and its writer
     * puts rows into this app's memory: it needs a local master with a core for each partition, and
     * one more for the archive query's micro-batches.
     */
    private int requireRealTimeResources(String topic, boolean archived, int coresHeld) {
        if (!spark.isLocal()) {
            throw new InvalidQueryException("Real-time mode writes each row from Spark's tasks into this app's "
                    + "results, which needs a local Spark master; this app runs on " + spark.status().master());
        }
        SparkContext context = spark.session().sparkContext();
        int partitions = topics.partitions(topic).orElseThrow(() -> new InvalidQueryException(
                "Topic '" + topic + "' does not exist"));
        int needed = partitions + (archived ? 1 : 0);
        if (context.defaultParallelism() < needed) {
            throw new InvalidQueryException("Real-time mode needs " + needed + " cores (one per topic partition"
                    + (archived ? ", one for the archive query" : "") + "), but Spark's master "
                    + context.master() + " has " + context.defaultParallelism());
        }
        if (context.defaultParallelism() - coresHeld < needed) {
            throw new TooManyQueriesException("Real-time mode needs " + needed + " cores for as long as it runs, and "
                    + "other real-time queries hold " + coresHeld + " of the " + context.defaultParallelism()
                    + " Spark has; stop one of them first");
        }
        return needed;
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
        boolean archiveLocal = archived && settings.archive().enabled() && Storage.isLocal(archive);
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
