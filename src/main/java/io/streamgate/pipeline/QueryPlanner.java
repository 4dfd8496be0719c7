package io.streamgate.pipeline;

import io.streamgate.kafka.KafkaTopicProperties;
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
    private final int topicPartitions;

    QueryPlanner(PipelineProperties settings, SparkConnection spark, Storage storage, KafkaTopicProperties topic) {
        this.settings = settings;
        this.spark = spark;
        this.storage = storage;
        this.topicPartitions = topic.partitions();
    }

    /**
     * @param fromScratch true to drop the checkpoint and begin anew
     * @param saved       the archive log the checkpoint has been writing, if any; ignored from scratch
     * @throws InvalidQueryException      for real-time mode where it cannot run
     * @throws StorageNotSharedException  when a cluster's executors would not see the checkpoints or the archive
     * @throws SparkUnavailableException  when real-time mode's resources cannot be checked without Spark
     */
    public QueryPlan plan(QueryDefinition definition, boolean fromScratch, Optional<ArchiveLog> saved) {
        Engine engine = definition.mode() == QueryMode.REAL_TIME
                ? new Engine.RealTime(definition.triggerMillis())
                : new Engine.MicroBatch(definition.triggerMillis(), settings.maxOffsetsPerTrigger(), settings.maxRecordsPerTask());
        if (engine instanceof Engine.RealTime) {
            requireRealTimeResources();
        }
        requireSharedStorage();
        URI queryDir = queryDir();
        URI checkpoint = Storage.child(queryDir, "results");
        ArchivePlan archive = settings.archive().enabled()
                ? new ArchivePlanner(settings.archive(), storage).plan(engine, definition.startingOffsets(),
                        fromScratch ? Optional.empty() : saved,
                        fromScratch ? Optional.empty() : Optional.of(new CheckpointLog(storage, checkpoint)),
                        Storage.child(queryDir, "archive"))
                : new ArchivePlan.None();
        return new QueryPlan(settings.queryName(), definition, fromScratch, engine, archive, checkpoint);
    }

    /** Everything one query keeps between runs: its checkpoints and its store. */
    public URI queryDir() {
        return Storage.child(Storage.location(settings.checkpointDir()), settings.queryName());
    }

    /**
     * Real-time mode keeps one task per topic partition running for the whole batch, and its writer
     * puts rows into this app's memory: it needs a local master with a core for each partition, and
     * one more for the archive query's micro-batches.
     */
    private void requireRealTimeResources() {
        if (!spark.isLocal()) {
            throw new InvalidQueryException("Real-time mode writes each row from Spark's tasks into this app's "
                    + "results, which needs a local Spark master; this app runs on " + spark.status().master());
        }
        SparkContext context = spark.session().sparkContext();
        boolean archived = settings.archive().enabled();
        int needed = topicPartitions + (archived ? 1 : 0);
        if (context.defaultParallelism() < needed) {
            throw new InvalidQueryException("Real-time mode needs " + needed + " cores (one per topic partition"
                    + (archived ? ", one for the archive query" : "") + "), but Spark's master "
                    + context.master() + " has " + context.defaultParallelism());
        }
    }

    /**
     * On a cluster, the executors write the archive's files (and any state store) while this app writes
     * the logs that say which files count: both must see the same storage, or the archive is split
     * across machines and readers find a log pointing at files they cannot see.
     */
    private void requireSharedStorage() {
        if (spark.isLocal() || settings.sharedStorage()) {
            return;
        }
        URI checkpoints = Storage.location(settings.checkpointDir());
        URI archive = Storage.location(settings.archive().path());
        boolean checkpointsLocal = Storage.isLocal(checkpoints);
        boolean archiveLocal = settings.archive().enabled() && Storage.isLocal(archive);
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
