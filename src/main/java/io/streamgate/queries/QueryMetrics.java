package io.streamgate.queries;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.streamgate.pipeline.plan.ArchivePlan;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.transform.RecordTransform;
import io.streamgate.queries.flow.Flow;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer meters fed by Spark's own progress events, so they show what Spark measured (input and
 * processing rates, batch duration) rather than what the app guesses; one set per query, tagged
 * {@code query=<name>}.
 */
@Component
class QueryMetrics implements RunListener {

    static final String QUERY_TAG = "query";

    private final MeterRegistry registry;
    private final QueryRegistry queries;
    private final Map<String, Meters> byQuery = new ConcurrentHashMap<>();

    QueryMetrics(MeterRegistry registry, QueryRegistry queries) {
        this.registry = registry;
        this.queries = queries;
    }

    /** Every query's meters from the start, before its first event. */
    @EventListener(ApplicationStartedEvent.class)
    void started() {
        queries.names().forEach(this::meters);
    }

    /** Switches on the plan of the run: which of its queries this is, and which writes the archive. */
    @Override
    public void progressed(String query, QueryPlan plan, StreamingQueryListener.QueryProgressEvent event,
                           Optional<Flow> flow) {
        StreamingQueryProgress progress = event.progress();
        Meters meters = meters(query);
        if (plan.archiveQueryName().equals(progress.name())) {
            meters.archivedRows.increment(progress.numInputRows());
            return; // the same rows as the main query's: counted apart, not twice
        }
        Long trigger = progress.durationMs().get("triggerExecution");
        if (trigger != null) {
            meters.batchDuration.record(Duration.ofMillis(trigger));
        }
        meters.inputRowsPerSecond = finiteOrZero(progress.inputRowsPerSecond());
        meters.processedRowsPerSecond = finiteOrZero(progress.processedRowsPerSecond());
        flow.ifPresent(keepingUp -> {
            meters.lagRecords = keepingUp.lag().records();
            meters.stateRows = keepingUp.state().rows();
            meters.lateRows.increment(keepingUp.lateRows().lastBatch());
        });
        if (progress.numInputRows() == 0) {
            return; // an idle trigger: Spark reports it, but no batch ran
        }
        meters.batches.increment();
        if (plan.archive() instanceof ArchivePlan.ByMainQuery) {
            meters.archivedRows.increment(progress.numInputRows()); // the batch is committed once its rows are archived
        }
        Row counts = progress.observedMetrics().get(RecordTransform.OBSERVED_COUNTS);
        if (counts != null) {
            meters.rows.increment(counts.<Long>getAs(RecordTransform.OBSERVED_ROWS));
            Long invalid = counts.getAs(RecordTransform.OBSERVED_INVALID_ROWS);
            meters.invalidRows.increment(invalid == null ? 0 : invalid);
        } else {
            meters.rows.increment(progress.numInputRows());
        }
    }

    @Override
    public void idle(String query) {
        meters(query).idle();
    }

    @Override
    public void terminated(String query, StreamingQueryListener.QueryTerminatedEvent event) {
        Meters meters = meters(query);
        meters.idle();
        if (event.exception().isDefined()) {
            meters.failures.increment();
        }
    }

    @EventListener
    void queryDeleted(QueryDeletedEvent deleted) {
        Meters meters = byQuery.remove(deleted.name());
        if (meters != null) {
            meters.all().forEach(registry::remove);
        }
    }

    private Meters meters(String query) {
        return byQuery.computeIfAbsent(query, name -> new Meters(registry, Tags.of(QUERY_TAG, name)));
    }

    private static double finiteOrZero(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    private static final class Meters {

        final Counter rows;
        final Counter archivedRows;
        final Counter invalidRows;
        final Counter batches;
        final Counter failures;
        final Timer batchDuration;
        final Gauge inputRate;
        final Gauge processingRate;
        final Gauge lag;
        final Counter lateRows;
        final Gauge state;
        volatile double inputRowsPerSecond;
        volatile double processedRowsPerSecond;
        volatile long lagRecords;
        volatile long stateRows;

        Meters(MeterRegistry registry, Tags tags) {
            rows = Counter.builder("streamgate.query.rows").tags(tags).baseUnit("rows")
                    .description("Rows the streaming query processed").register(registry);
            archivedRows = Counter.builder("streamgate.archive.rows").tags(tags).baseUnit("rows")
                    .description("Rows the archive wrote; behind streamgate.query.rows while an archive query catches up")
                    .register(registry);
            invalidRows = Counter.builder("streamgate.query.invalid.rows").tags(tags).baseUnit("rows")
                    .description("Processed rows that did not match the schema").register(registry);
            batches = Counter.builder("streamgate.query.batches").tags(tags)
                    .description("Micro-batches completed").register(registry);
            failures = Counter.builder("streamgate.query.failures").tags(tags)
                    .description("Query runs that terminated with an exception").register(registry);
            batchDuration = Timer.builder("streamgate.query.batch.duration").tags(tags)
                    .description("Time of a whole micro-batch (Spark's triggerExecution)").register(registry);
            inputRate = Gauge.builder("streamgate.query.input.rate", this, m -> m.inputRowsPerSecond).tags(tags)
                    .baseUnit("rows.per.second")
                    .description("Rows per second arriving, as of the last micro-batch").register(registry);
            processingRate = Gauge.builder("streamgate.query.processing.rate", this, m -> m.processedRowsPerSecond)
                    .tags(tags).baseUnit("rows.per.second")
                    .description("Rows per second processed, as of the last micro-batch").register(registry);
            lag = Gauge.builder("streamgate.query.lag.records", this, m -> m.lagRecords).tags(tags)
                    .description("Records between the last batch's end and the latest of the topics it reads").register(registry);
            lateRows = Counter.builder("streamgate.query.late.rows").tags(tags).baseUnit("rows")
                    .description("Rows the stateful operators dropped as later than the watermark").register(registry);
            state = Gauge.builder("streamgate.query.state.rows", this, m -> m.stateRows).tags(tags).baseUnit("rows")
                    .description("Rows in the state store, as of the last micro-batch").register(registry);
        }

        void idle() {
            inputRowsPerSecond = 0;
            processedRowsPerSecond = 0;
        }

        List<Meter> all() {
            return List.of(rows, archivedRows, invalidRows, batches, failures, batchDuration, inputRate, processingRate, lag,
                    lateRows, state);
        }
    }
}
