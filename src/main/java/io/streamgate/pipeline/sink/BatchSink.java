package io.streamgate.pipeline.sink;

import io.streamgate.pipeline.archive.ArchiveWriter;
import io.streamgate.pipeline.results.ResultRow;
import io.streamgate.pipeline.results.ResultTable;
import io.streamgate.pipeline.results.RowsTable;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Delivers each micro-batch of a query, on the driver (its {@code foreachBatch}), to the sinks its plan
 * names: its topics (dead letters, output topic), the archive, its results, the console. The batch is
 * read once, by one Spark job: the archive's write, or a read of its own when there is no archive to
 * write ({@link BatchPass}); the topics are sent and the rows shown chosen on the way. Only the rows the
 * results and the console show leave the executors, as the {@link RowFormat} chooses them. The batch is
 * committed only once its rows are archived and sent.
 */
public final class BatchSink implements VoidFunction2<Dataset<Row>, Long> {

    private final RowFormat format;
    private final ResultTable results;
    private final boolean completeOutput;
    private final BatchPass pass;
    private final Optional<ConsolePrinter> console;
    private final Optional<ArchiveWriter> archive;
    private final Clock clock;
    private long lastBatchId = -1;

    /** @param completeOutput each batch is the whole table (Spark's complete output mode) */
    public BatchSink(RowFormat format, ResultTable results, boolean completeOutput, BatchPass pass,
                     Optional<ConsolePrinter> console, Optional<ArchiveWriter> archive, Clock clock) {
        this.format = format;
        this.results = results;
        this.completeOutput = completeOutput;
        this.pass = pass;
        this.console = console;
        this.archive = archive;
        this.clock = clock;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        // Milliseconds, as the archive's JSON Lines keep them: the results show the time the archive has.
        Instant processedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int wanted = Math.max(results.capacity(), console.map(ConsolePrinter::rows).orElse(0));
        BatchPass.Passing passing = pass.over(batch, batchId, processedAt, format.shown(batch.schema(), wanted));
        archive.ifPresent(writer -> writer.write(passing.session(), passing.passed(), passing.stamped(), batchId));
        passing.readIfUnread();
        List<Row> shown = passing.shown();
        show(shown, batchId, processedAt);
        console.ifPresent(printer -> printer.print(shown, batchId, processedAt));
    }

    /**
     * Into the results: a batch Spark runs again after a failure is in a table of rows already (groups and
     * complete output are written over), so it is not added twice.
     */
    private void show(List<Row> oldestFirst, long batchId, Instant processedAt) {
        if (batchId <= lastBatchId && results instanceof RowsTable) {
            return;
        }
        int from = Math.max(0, oldestFirst.size() - results.capacity());
        List<ResultRow> rows = new ArrayList<>(oldestFirst.size() - from);
        for (Row row : oldestFirst.subList(from, oldestFirst.size())) {
            rows.add(format.resultRow(row, batchId, processedAt));
        }
        if (completeOutput) {
            results.replace(rows);
        } else {
            results.write(rows);
        }
        lastBatchId = batchId;
    }
}
