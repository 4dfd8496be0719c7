package io.streamgate.queries;

import io.streamgate.pipeline.definition.QueryMode;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.storage.CheckpointLog;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.queries.store.SavedQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Resumes, from its checkpoint, each run that was going when the app last stopped: once the app is
 * ready and Spark can run it, and again whenever Spark makes a new session in place of one it stopped
 * (a cluster that was lost). With {@code resume-on-startup} off, {@link QueryRegistry} has marked a run of
 * before the start as stopped when it loaded the queries.
 */
@Component
class ResumeOnStartup {

    private static final Logger log = LoggerFactory.getLogger(ResumeOnStartup.class);

    private final QueryRegistry queries;
    private final SparkConnection spark;
    private final QueryShutdownHook lastRun;
    private final Storage storage;
    private final QueryPlanner planner;

    ResumeOnStartup(QueryRegistry queries, SparkConnection spark, QueryShutdownHook lastRun, Storage storage,
                    QueryPlanner planner) {
        this.queries = queries;
        this.spark = spark;
        this.lastRun = lastRun;
        this.storage = storage;
        this.planner = planner;
    }

    @EventListener(ApplicationReadyEvent.class)
    void appReady() {
        if (lastRun.lastRunEndedUncleanly()) {
            holdTheLongestUnfinishedBatch();
        }
        spark.onSession(session -> queries.all().forEach(QueryOperator::resume));
    }

    /**
     * After the service ended without shutting down, the micro-batch query whose unfinished batch began
     * first is held, not resumed: an {@code OutOfMemoryError} comes after a long time spent collecting
     * garbage, in the batch that filled the heap, and resuming it would end the service again (a crash
     * loop). A real-time batch lasts its whole checkpoint interval, so it says nothing here.
     */
    private void holdTheLongestUnfinishedBatch() {
        Map<QueryOperator, Instant> unfinished = new HashMap<>();
        for (QueryOperator query : queries.all()) {
            SavedQuery saved = query.store().read();
            boolean microBatch = saved.definition().map(definition -> definition.mode() == QueryMode.MICRO_BATCH).orElse(false);
            if (saved.running() && microBatch) {
                new CheckpointLog(storage, planner.checkpoint(query.name())).unfinishedBatchSince()
                        .ifPresent(since -> unfinished.put(query, since));
            }
        }
        unfinished.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(longest -> {
            log.warn("Not resuming streaming query {}: the service ended without shutting down while its batch of {} "
                    + "was under way, the longest of the queries then running", longest.getKey().name(), longest.getValue());
            longest.getKey().hold("was in a batch (begun " + longest.getValue() + ") when the service ended without "
                    + "shutting down, the batch of the queries then running that had been under way longest. An "
                    + "OutOfMemoryError ends the service (-XX:+ExitOnOutOfMemoryError), and this batch may have caused "
                    + "it, so the query is not resumed, to keep it from ending the service again. Start it to run it "
                    + "again (with startingOffsets to skip what it was reading); what helps against running out of "
                    + "memory: streamgate.pipeline.max-offsets-per-trigger, SQL that keeps fewer rows, more memory");
        });
    }
}
