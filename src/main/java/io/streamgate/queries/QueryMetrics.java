package io.streamgate.queries;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamgate.pipeline.ArchivePlan;
import io.streamgate.pipeline.QueryPlan;
import io.streamgate.pipeline.RecordTransform;
import io.streamgate.pipeline.SparkConnection;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/**
 * Micrometer meters fed by Spark's own progress events, so they show what Spark measured
 * (input and processing rates, batch duration) rather than what the app guesses.
 */
@Component
class QueryMetrics extends StreamingQueryListener {

    private final Counter rows;
    private final Counter archivedRows;
    private final Counter invalidRows;
    private final Counter batches;
    private final Counter failures;
    private final Timer batchDuration;
    private volatile double inputRowsPerSecond;
    private volatile double processedRowsPerSecond;

    private final QueryManager queries;

    QueryMetrics(MeterRegistry registry, SparkConnection spark, QueryManager queries) {
        this.queries = queries;
        this.rows = Counter.builder("streamgate.query.rows").baseUnit("rows")
                .description("Rows the streaming query processed").register(registry);
        this.archivedRows = Counter.builder("streamgate.archive.rows").baseUnit("rows")
                .description("Rows the archive wrote; behind streamgate.query.rows while an archive query catches up")
                .register(registry);
        this.invalidRows = Counter.builder("streamgate.query.invalid.rows").baseUnit("rows")
                .description("Processed rows that did not match the schema").register(registry);
        this.batches = Counter.builder("streamgate.query.batches")
                .description("Micro-batches completed").register(registry);
        this.failures = Counter.builder("streamgate.query.failures")
                .description("Query runs that terminated with an exception").register(registry);
        this.batchDuration = Timer.builder("streamgate.query.batch.duration")
                .description("Time of a whole micro-batch (Spark's triggerExecution)").register(registry);
        Gauge.builder("streamgate.query.input.rate", this, m -> m.inputRowsPerSecond).baseUnit("rows.per.second")
                .description("Rows per second arriving, as of the last micro-batch").register(registry);
        Gauge.builder("streamgate.query.processing.rate", this, m -> m.processedRowsPerSecond).baseUnit("rows.per.second")
                .description("Rows per second processed, as of the last micro-batch").register(registry);
        spark.onSession(session -> session.streams().addListener(this));
    }

    /** Switches on the plan of the run: which of its queries this is, and which writes the archive. */
    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        Optional<QueryPlan> plan = queries.currentPlan();
        if (plan.isEmpty()) {
            return;
        }
        if (plan.get().archiveQueryName().equals(progress.name())) {
            archivedRows.increment(progress.numInputRows());
            return; // the same rows as the main query's: counted apart, not twice
        }
        if (!plan.get().name().equals(progress.name())) {
            return;
        }
        Long trigger = progress.durationMs().get("triggerExecution");
        if (trigger != null) {
            batchDuration.record(Duration.ofMillis(trigger));
        }
        inputRowsPerSecond = finiteOrZero(progress.inputRowsPerSecond());
        processedRowsPerSecond = finiteOrZero(progress.processedRowsPerSecond());
        if (progress.numInputRows() == 0) {
            return; // an idle trigger: Spark reports it, but no batch ran
        }
        batches.increment();
        if (plan.get().archive() instanceof ArchivePlan.ByMainQuery) {
            archivedRows.increment(progress.numInputRows()); // the batch is committed once its rows are archived
        }
        Row counts = progress.observedMetrics().get(RecordTransform.OBSERVED_COUNTS);
        if (counts != null) {
            rows.increment(counts.<Long>getAs(RecordTransform.OBSERVED_ROWS));
            Long invalid = counts.getAs(RecordTransform.OBSERVED_INVALID_ROWS);
            invalidRows.increment(invalid == null ? 0 : invalid);
        } else {
            rows.increment(progress.numInputRows());
        }
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {
        inputRowsPerSecond = 0;
        processedRowsPerSecond = 0;
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        inputRowsPerSecond = 0;
        processedRowsPerSecond = 0;
        if (event.exception().isDefined()) {
            failures.increment();
        }
    }

    private static double finiteOrZero(double value) {
        return Double.isFinite(value) ? value : 0;
    }
}
